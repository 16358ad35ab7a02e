internal import JWTKit
public import Domain
internal import Workflows
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
        case emailNotVerified
        case nonce

        var sentence: String {
            switch self {
            case .malformed: "The identity token is not a JWT Quorum can read."
            case .signature: "The identity token's signature does not verify with the identity provider's keys."
            case .expired: "The identity token has expired; sign in again."
            case .issuer: "The identity token comes from an issuer Quorum does not trust."
            case .audience: "The identity token was not issued for Quorum."
            case .noEmail: "The identity token names no email."
            case .emailNotVerified: "The identity provider has not verified the email this token names."
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
    /// plus `/sign-in/oidc`); required with `authorizationEndpoint`.
    public let publicURL: String?
    /// The organisations this issuer may sign people into (`QUORUM_OIDC_ORGANISATIONS`).
    public let organisations: [OrganisationID]
    let keys: JWTKeyCollection

    private init(issuer: String, audience: String, authorizationEndpoint: String?, publicURL: String?, organisations: [OrganisationID],
                 keys: JWTKeyCollection) {
        self.issuer = issuer
        self.audience = audience
        self.authorizationEndpoint = authorizationEndpoint
        self.publicURL = publicURL
        self.organisations = organisations
        self.keys = keys
    }

    /// Loads the keys from a JWKS document. Only asymmetric keys from it are
    /// used, so an unsigned (`alg: none`) or HMAC token can never verify.
    public static func make(
        issuer: String, audience: String, jwks: String, organisations: [OrganisationID], authorizationEndpoint: String? = nil, publicURL: String? = nil
    ) async throws -> IdentityProvider {
        // The redirect back is never built from a request's Host header, which a client chooses.
        if authorizationEndpoint != nil && (publicURL ?? "").isEmpty { throw MissingPublicURL() }
        let keys = JWTKeyCollection()
        try await keys.add(jwksJSON: jwks)
        return IdentityProvider(issuer: issuer, audience: audience, authorizationEndpoint: authorizationEndpoint, publicURL: publicURL,
                                organisations: organisations, keys: keys)
    }

    /// Sign-in through the provider's pages needs Quorum's public address for the redirect back.
    public struct MissingPublicURL: Error, CustomStringConvertible {
        public var description: String { "QUORUM_PUBLIC_URL must be set when QUORUM_OIDC_AUTHORIZATION_URL is" }
    }

    /// The claims Quorum reads.
    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim?
        var iat: IssuedAtClaim?
        var sub: SubjectClaim?
        var email: String?
        var emailVerified: Bool?
        var nonce: String?

        enum CodingKeys: String, CodingKey {
            case iss, aud, exp, nbf, iat, sub, email, nonce
            case emailVerified = "email_verified"
        }

        /// Clocks differ by a little: a minute's leeway, no more.
        static let leeway: TimeInterval = 60
        /// An identity token is for signing in, not a long-lived key.
        static let longestLifetime: TimeInterval = 24 * 3600

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
            let now = Date()
            try nbf?.verifyNotBefore(currentDate: now.addingTimeInterval(Self.leeway))
            if let issued = iat?.value, issued > now.addingTimeInterval(Self.leeway) {
                throw JWTError.claimVerificationFailure(failedClaim: iat, reason: "issued in the future")
            }
            if exp.value.timeIntervalSince(iat?.value ?? now) > Self.longestLifetime {
                throw JWTError.claimVerificationFailure(failedClaim: exp, reason: "lives longer than a day")
            }
        }
    }

    /// Whether `token` has the shape of a JWT (three base64url parts).
    static func looksLikeJWT(_ token: Substring) -> Bool {
        token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    /// Verifies the token and returns the identity it names, for the
    /// organisations this issuer signs into. A browser sign-in passes the
    /// `nonce` it sent the provider, so a token issued for another sign-in (or
    /// replayed) is refused. An email the provider says it has not verified is
    /// refused; providers that do not send `email_verified` (Entra ID) are
    /// trusted for it by their configuration.
    func identity(from token: Substring, nonce: String? = nil) async throws(Refusal) -> VerifiedIdentity {
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
        guard claims.emailVerified != false else { throw .emailNotVerified }
        if let nonce, claims.nonce.map({ WebSession.constantTimeEqual($0, nonce) }) != true { throw .nonce }
        return VerifiedIdentity(issuer: issuer, subject: claims.sub?.value, email: email, organisations: organisations)
    }
}
