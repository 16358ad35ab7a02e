internal import Hummingbird
internal import Crypto
internal import Foundation
internal import Workflows

/// A signed-in browser: the cookie carries a session token — an ordinary
/// Quorum token issued at sign-in for eight hours and revoked at sign-out —
/// so the pages authenticate exactly as the API does and any number of
/// servers share sessions through the database.
struct WebSession: Sendable {
    static let cookieName = "quorum_session"
    /// How long a session lasts without signing in again (a working day).
    static let lifetime: TimeInterval = 8 * 60 * 60

    let secret: String

    /// The session in the request's cookie, if it has a token's shape.
    init?(_ request: Request) {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == Self.cookieName, Credential.looksLikeToken(pair[1]) {
                secret = String(pair[1])
                return
            }
        }
        return nil
    }

    init(secret: String) {
        self.secret = secret
    }

    /// The form token against cross-site request forgery: derived one way from
    /// the session's secret, which a page on another site can never read
    /// (HttpOnly, SameSite=Strict), so it needs no storage of its own.
    var csrfToken: String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("quorum-form".utf8), using: key)
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a submitted form carries this session's token (compared in constant time).
    func accepts(_ form: FormBody) -> Bool {
        Self.constantTimeEqual(csrfToken, form["csrf"] ?? "")
    }

    /// Compares secrets without a timing difference that would reveal how much matched.
    static func constantTimeEqual(_ expected: String, _ given: String) -> Bool {
        let (expected, given) = (Array(expected.utf8), Array(given.utf8))
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The `Set-Cookie` value that starts this session. `Secure` when the
    /// request came over TLS (directly or through a proxy that says so).
    func cookie(secure: Bool) -> String {
        "\(Self.cookieName)=\(secret); Path=/; Max-Age=\(Int(Self.lifetime)); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The `Set-Cookie` value that ends it in the browser.
    static func expiredCookie(secure: Bool) -> String {
        "\(cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// Whether the browser reached us over TLS.
    static func isSecure(_ request: Request) -> Bool {
        request.head.scheme == "https" || request.headers.contains { $0.name.canonicalName == "x-forwarded-proto" && $0.value == "https" }
    }
}
