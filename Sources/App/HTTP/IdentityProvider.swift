internal import JWTKit
internal import Foundation

/// The employer's OpenID Connect provider, trusted for bearer JWTs: the
/// issuer and audience Quorum expects, and the provider's signing keys as a
/// JWKS document (from configuration or a file kept current by the operator —
/// Quorum makes no network calls to fetch keys). A token that verifies names
/// a person by email, who must exist in Quorum.
public final class IdentityProvider: Sendable {
    /// Why a bearer JWT was refused.
    public enum Refusal: Error, Sendable, Equatable {
        case malformed
        case signature
        case expired
        case issuer
        case audience
        case noEmail
        case nonce

        var sentence: String {
            switch self {
            case .malformed: "The identity token is not a JWT Quorum can read."
            case .signature: "The identity token's signature does not verify with the identity provider's keys."
            case .expired: "The identity token has expired; sign in again."
            case .issuer: "The identity token comes from an issuer Quorum does not trust."
            case .audience: "The identity token was not issued for Quorum."
            case .noEmail: "The identity token names no email."
            case .nonce: "The identity token was not issued for this sign-in; start again."
            }
        }
    }

    public let issuer: String
    public let audience: String
    /// Where the pages send a browser to sign in (the provider's authorization
    /// endpoint); without it the pages offer token sign-in only.
    public let authorizationEndpoint: String?
    /// Quorum's own address as the provider knows it (the redirect URI is this
    /// plus `/sign-in/oidc`); without it, the address the browser used.
    public let publicURL: String?
    let keys: JWTKeyCollection

    private init(issuer: String, audience: String, authorizationEndpoint: String?, publicURL: String?, keys: JWTKeyCollection) {
        self.issuer = issuer
        self.audience = audience
        self.authorizationEndpoint = authorizationEndpoint
        self.publicURL = publicURL
        self.keys = keys
    }

    /// Loads the keys from a JWKS document. Only asymmetric keys from it are
    /// used, so an unsigned (`alg: none`) or HMAC token can never verify.
    public static func make(
        issuer: String, audience: String, jwks: String, authorizationEndpoint: String? = nil, publicURL: String? = nil
    ) async throws -> IdentityProvider {
        let keys = JWTKeyCollection()
        try await keys.add(jwksJSON: jwks)
        return IdentityProvider(issuer: issuer, audience: audience, authorizationEndpoint: authorizationEndpoint, publicURL: publicURL, keys: keys)
    }

    /// The claims Quorum reads.
    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var sub: SubjectClaim?
        var email: String?
        var nonce: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    /// Whether `token` has the shape of a JWT (three base64url parts).
    static func looksLikeJWT(_ token: Substring) -> Bool {
        token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    /// Verifies the token and returns the email it names. A browser sign-in
    /// passes the `nonce` it sent the provider, so a token issued for another
    /// sign-in (or replayed) is refused.
    func email(from token: Substring, nonce: String? = nil) async throws(Refusal) -> String {
        let claims: Claims
        do {
            claims = try await keys.verify(String(token), as: Claims.self)
        } catch let error as JWTError {
            throw error.errorType == .claimVerificationFailure ? .expired : (error.errorType == .malformedToken ? .malformed : .signature)
        } catch {
            throw .signature
        }
        guard claims.iss.value == issuer else { throw .issuer }
        guard claims.aud.value.contains(audience) else { throw .audience }
        guard let email = claims.email, !email.isEmpty else { throw .noEmail }
        if let nonce, claims.nonce.map({ WebSession.constantTimeEqual($0, nonce) }) != true { throw .nonce }
        return email
    }
}
