internal import Store
public import Domain

/// What a request presents to say who it acts for, before it is resolved to
/// a `Caller` on the same connection as the work (one checkout per request).
public enum Credential: Sendable, Hashable {
    /// A Quorum bearer token or a web session's token (its secret).
    case token(String)
    /// A person the employer's identity provider vouched for in a verified JWT.
    case identity(VerifiedIdentity)
}

/// What a verified identity token says, and where it may sign in: its
/// issuer and stable subject (which bind the person once linked), the
/// email (NFC, ASCII-only lower case) that links them the first time, and
/// the organisations the issuer is configured for.
public struct VerifiedIdentity: Sendable, Hashable {
    public var issuer: String
    public var subject: String?
    public var email: String
    public var organisations: [OrganisationID]

    public init(issuer: String, subject: String?, email: String, organisations: [OrganisationID]) {
        self.issuer = issuer
        self.subject = subject
        self.email = EmailAddress.normalised(email)
        self.organisations = organisations
    }
}

extension Credential {
    /// Whether `text` has a Quorum token's shape; anything else is refused
    /// before the database is asked.
    public static func looksLikeToken(_ text: Substring) -> Bool {
        Tokens.isWellFormed(text)
    }
}
