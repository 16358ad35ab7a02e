@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import PQ
import Store
import Testing
import Workflows

/// Bearer JWTs from the employer's identity provider, mapped to a person by email.
@Suite struct IdentityProviderTests {
    @Test func identityTokens_verifiedOrRefused() async throws {
        let idp = try await TestIdentityProvider.make()
        let shared = try await TestEnvironment.services()
        let services = QuorumServices(runner: shared.runner, identityProvider: try await idp.provider())
        let org = try await TestOrganisation.make(services: services)
        let assessorEmail = try await TestIdentityProvider.email(of: org.assessor.id, in: org.id, services: services)
        let stranger = JWTKeyCollection()
        await stranger.add(ecdsa: ES256PrivateKey(), kid: "k1")
        @Sendable func token(iss: String = TestIdentityProvider.issuer, aud: String = "quorum", expiresIn: TimeInterval = 300,
                             email: String?, keys: JWTKeyCollection? = nil) async throws -> String {
            try await idp.token(iss: iss, aud: aud, expiresIn: expiresIn, email: email, keys: keys)
        }
        @Sendable func base64URL(_ text: String) -> String {
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let unsigned = base64URL(#"{"alg":"none","typ":"JWT"}"#) + "."
            + base64URL(#"{"iss":"https://idp.employer.test","aud":"quorum","exp":\#(Int(Date().timeIntervalSince1970) + 300),"email":"\#(assessorEmail)"}"#) + "."
        try await withQuorum(services) { (client) async throws -> Void in
            let me = try await client.call(.get, "/v1/me", token: try await token(email: assessorEmail.uppercased()))
            #expect(me.status == 200 && me.string("id") == org.assessor.id.description, "the email maps to the person, case-insensitively")
            let refusals: [(String, String)] = [
                (try await token(expiresIn: -60, email: assessorEmail), "expired"),
                (try await token(iss: "https://elsewhere.test", email: assessorEmail), "issuer"),
                (try await token(aud: "another-app", email: assessorEmail), "not issued for Quorum"),
                (try await token(email: assessorEmail, keys: stranger), "signature"),
                (unsigned, "signature"),
                (try await token(email: nil), "no email"),
                (try await token(email: "nobody@nowhere.test"), "unknown"),
            ]
            for (jwt, reason) in refusals {
                let refused = try await client.call(.get, "/v1/me", token: jwt)
                #expect(refused.status == 401 && refused.problemKind == "unauthenticated", "\(reason)")
                #expect(refused.string("detail")?.contains(reason) == true, "\(reason): \(refused.string("detail") ?? "")")
            }
        }
    }
}
