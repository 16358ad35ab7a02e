internal import Store

/// What a request presents to say who it acts for, before it is resolved to
/// a `Caller` on the same connection as the work (one checkout per request).
public enum Credential: Sendable, Hashable {
    /// A Quorum bearer token or a web session's token (its secret).
    case token(String)
    /// An email the employer's identity provider vouched for in a verified JWT.
    case verifiedEmail(String)
}

extension Credential {
    /// Whether `text` has a Quorum token's shape; anything else is refused
    /// before the database is asked.
    public static func looksLikeToken(_ text: Substring) -> Bool {
        Tokens.isWellFormed(text)
    }
}
