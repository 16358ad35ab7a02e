@testable import App
import Domain
import Foundation
import JWTKit
import PQ

/// A stand-in for the employer's identity provider: a signing key, its JWKS
/// document, and ID tokens signed with it (or with a stranger's key).
struct TestIdentityProvider: Sendable {
    static let issuer = "https://idp.employer.test"

    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim?
        var iat: IssuedAtClaim?
        var sub: SubjectClaim?
        var email: String?
        var email_verified: Bool?
        var nonce: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    let jwks: String
    let signer: JWTKeyCollection

    static func make() async throws -> TestIdentityProvider {
        let key = ES256PrivateKey()
        guard let parameters = key.parameters else { throw JWTError.generic(identifier: "test", reason: "no key parameters") }
        let signer = JWTKeyCollection()
        await signer.add(ecdsa: key, kid: "k1")
        return TestIdentityProvider(
            jwks: #"{"keys": [{"kty": "EC", "crv": "P-256", "x": "\#(parameters.x)", "y": "\#(parameters.y)", "kid": "k1", "alg": "ES256", "use": "sig"}]}"#,
            signer: signer)
    }

    /// Quorum's view of this provider.
    func provider(organisations: [OrganisationID], authorizationEndpoint: String? = nil, publicURL: String? = nil) async throws -> IdentityProvider {
        try await IdentityProvider.make(issuer: Self.issuer, audience: "quorum", jwks: jwks, organisations: organisations,
                                        authorizationEndpoint: authorizationEndpoint, publicURL: publicURL)
    }

    /// An ID token; `keys` signs it with someone else's key.
    func token(iss: String = issuer, aud: String = "quorum", expiresIn: TimeInterval = 300, email: String?, nonce: String? = nil,
               subject: String? = nil, emailVerified: Bool? = nil, notBefore: Date? = nil, issuedAt: Date? = nil,
               keys: JWTKeyCollection? = nil) async throws -> String {
        try await (keys ?? signer).sign(Claims(iss: .init(value: iss), aud: .init(value: [aud]), exp: .init(value: Date().addingTimeInterval(expiresIn)),
                                               nbf: notBefore.map { .init(value: $0) }, iat: issuedAt.map { .init(value: $0) },
                                               sub: subject.map { .init(value: $0) }, email: email, email_verified: emailVerified, nonce: nonce), kid: "k1")
    }

    /// A person's email, which the provider's tokens name.
    static func email(of person: PersonID, in organisation: OrganisationID, services: QuorumServices) async throws -> String {
        try await services.pool.inOrganisation(organisation) { connection in
            try connection.query("SELECT email FROM people WHERE id = \(person)")[0].decode(String.self, at: 0)
        }
    }
}
