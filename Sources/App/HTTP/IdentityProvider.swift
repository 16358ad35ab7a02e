public import JWTKit
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

        var sentence: String {
            switch self {
            case .malformed: "The identity token is not a JWT Quorum can read."
            case .signature: "The identity token's signature does not verify with the identity provider's keys."
            case .expired: "The identity token has expired; sign in again."
            case .issuer: "The identity token comes from an issuer Quorum does not trust."
            case .audience: "The identity token was not issued for Quorum."
            case .noEmail: "The identity token names no email."
            }
        }
    }

    public let issuer: String
    public let audience: String
    let keys: JWTKeyCollection

    private init(issuer: String, audience: String, keys: JWTKeyCollection) {
        self.issuer = issuer
        self.audience = audience
        self.keys = keys
    }

    /// Loads the keys from a JWKS document. Only asymmetric keys from it are
    /// used, so an unsigned (`alg: none`) or HMAC token can never verify.
    public static func make(issuer: String, audience: String, jwks: String) async throws -> IdentityProvider {
        let keys = JWTKeyCollection()
        try await keys.add(jwksJSON: jwks)
        return IdentityProvider(issuer: issuer, audience: audience, keys: keys)
    }

    /// The claims Quorum reads.
    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var sub: SubjectClaim?
        var email: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    /// Whether `token` has the shape of a JWT (three base64url parts).
    static func looksLikeJWT(_ token: Substring) -> Bool {
        token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    /// Verifies the token and returns the email it names.
    func email(from token: Substring) async throws(Refusal) -> String {
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
        return email
    }
}
