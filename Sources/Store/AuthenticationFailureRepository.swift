public import PQ
internal import Foundation

/// A failed or throttled sign-in as the security log keeps it: never the
/// credential, only a fingerprint that tells repeated attempts apart.
public struct AuthenticationFailure: Sendable, Hashable {
    public var source: String
    public var fingerprint: String
    public var method: String
    public var path: String
    public var throttled: Bool

    public init(source: String, fingerprint: String, method: String, path: String, throttled: Bool) {
        self.source = source
        self.fingerprint = fingerprint
        self.method = method
        self.path = path
        self.throttled = throttled
    }

    /// The first 6 bytes of the credential's SHA-256, in hex.
    public static func fingerprint(of credential: some StringProtocol) -> String {
        Tokens.digest(credential).bytes.prefix(6).map { String(format: "%02x", $0) }.joined()
    }
}

/// The security log of failed sign-ins (`sql/0015`): the server only adds to it.
public enum AuthenticationFailureRepository {
    public static func record(_ failure: AuthenticationFailure, on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO authentication_failures (source, token_fingerprint, method, path, throttled)
            VALUES (\(String(failure.source.prefix(100))), \(failure.fingerprint), \(String(failure.method.prefix(10))),
                    \(String(failure.path.prefix(500))), \(failure.throttled))
            """)
    }
}
