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
        let org = try await TestOrganisation.make(services: shared)
        let services = QuorumServices(runner: shared.runner, identityProvider: try await idp.provider(organisations: [org.id]))
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
            #expect(me.status == 200 && me.string("id") == org.assessor.id.description, "the email maps to the person, ASCII letters in any case")
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

    /// Security review findings 7 and 11: a person is bound to the provider's
    /// subject once linked; emails compare exactly after NFC and ASCII-only
    /// lower case (a dotted capital I is not an "i"); an unverified email, a
    /// person of another organisation, a token not yet valid, issued in the
    /// future or living for years are refused; a provider's token is not
    /// "revoked" with a 204 while it keeps working.
    @Test func identityBinding_subjectIssuerOrganisationsAndClaims() async throws {
        let idp = try await TestIdentityProvider.make()
        let shared = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: shared)
        let elsewhere = try await TestOrganisation.make(services: shared)
        let services = QuorumServices(runner: shared.runner, identityProvider: try await idp.provider(organisations: [org.id]))
        let email = try await TestIdentityProvider.email(of: org.coordinator.id, in: org.id, services: services)
        let foreignEmail = try await TestIdentityProvider.email(of: elsewhere.coordinator.id, in: elsewhere.id, services: services)
        #expect(email.contains("i"))
        try await withQuorum(services) { (client) async throws -> Void in
            func me(_ jwt: String) async throws -> APIResponse { try await client.call(.get, "/v1/me", token: jwt) }
            let dottedI = email.replacingOccurrences(of: "i", with: "\u{0130}")
            #expect(try await me(try await idp.token(email: dottedI, subject: "s-\(UUID())")).status == 401, "U+0130 is not an i")
            #expect(try await me(try await idp.token(email: email, emailVerified: false)).status == 401, "an unverified email")
            #expect(try await me(try await idp.token(email: foreignEmail, subject: "s-\(UUID())")).status == 401, "this issuer signs into its own organisation only")
            let now = Date()
            #expect(try await me(try await idp.token(email: email, notBefore: now.addingTimeInterval(600))).status == 401, "not valid yet")
            #expect(try await me(try await idp.token(email: email, issuedAt: now.addingTimeInterval(600))).status == 401, "issued in the future")
            #expect(try await me(try await idp.token(expiresIn: 10 * 365 * 86_400, email: email, issuedAt: now)).status == 401, "a ten-year token")
            // Bound on first use; then the subject names the person, whatever the email says.
            let (one, two) = ("s-\(UUID())", "s-\(UUID())")
            let first = try await idp.token(email: email, subject: one, emailVerified: true, issuedAt: now)
            #expect(try await me(first).string("id") == org.coordinator.id.description)
            #expect(try await me(try await idp.token(email: email, subject: two)).status == 401, "bound to another subject")
            #expect(try await me(try await idp.token(email: "renamed@employer.test", subject: one)).string("id") == org.coordinator.id.description)
            let revoke = try await client.call(.delete, "/v1/me/token", token: first)
            #expect(revoke.status == 409 && revoke.problemKind == "provider-token")
            #expect(try await me(first).status == 200)
        }
    }
}

/// Security review finding 1: failures never lock out valid credentials. One
/// address floods unknown tokens (and bad-signature JWTs); its further
/// failures get 429, logged as throttled, but a valid token from the same
/// address is always served, through the API and the sign-in page.
@Suite struct ThrottleTests {
    @Test func floodOfBadTokens_neverRefusesAValidOne() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            var statuses: [Int] = []
            for index in 0..<25 {
                let unknown = "qrm_" + String(repeating: "x", count: 39) + String(format: "%04d", index)
                statuses.append(try await client.call(.get, "/v1/me", token: unknown).status)
            }
            #expect(statuses.prefix(20).allSatisfy { $0 == 401 } && statuses.suffix(5).allSatisfy { $0 == 429 })
            #expect(try await client.call(.get, "/v1/me", token: org.nqsw.token).status == 200, "a valid token is never refused")
            let signedIn = try await client.page(.post, "/sign-in", form: [("token", org.coordinator.token)])
            #expect(signedIn.status == 303, "nor a valid sign-in on the page")
        }
        let admin = try PQConnection.connect(try TestEnvironment.adminURL)
        let throttled: Int = try admin.query("SELECT count(*)::int8 FROM authentication_failures WHERE throttled")[0].decode(at: 0)
        #expect(throttled >= 5, "throttled attempts are in the security log")
    }

    /// Finding 15: a failed sign-in through the page is logged under the page's own path.
    @Test func pageSignInFailure_isLoggedUnderThePage() async throws {
        let services = try await TestEnvironment.services()
        let unknown = Tokens.generateSecret()
        try await withQuorum(services) { (client) async throws -> Void in
            #expect(try await client.page(.post, "/sign-in", form: [("token", unknown)]).status == 401)
            let metrics = try await client.call(.get, "/metrics", token: nil)
            #expect(metrics.text.contains("/sign-in") && !metrics.text.contains("/v1/me"), "the request is counted under the page's route")
        }
        let admin = try PQConnection.connect(try TestEnvironment.adminURL)
        let paths: [String] = try admin.query("SELECT path FROM authentication_failures WHERE token_fingerprint = \(AuthenticationFailure.fingerprint(of: unknown))")
            .map { try $0.decode(at: 0) }
        #expect(paths == ["/sign-in"])
    }

    @Test func clientAddress_believesOnlyTrustedProxies() {
        let proxies: Set = ["10.0.0.5"]
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: "1.2.3.4", trustedProxies: proxies) == "203.0.113.9",
                "a client's own X-Forwarded-For is ignored")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: "1.2.3.4, 198.51.100.7", trustedProxies: proxies) == "198.51.100.7",
                "behind the proxy: the address the proxy saw")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: nil, trustedProxies: proxies) == "10.0.0.5")
    }
}

/// Security review finding 6 (in part): one person cannot slow everyone. Past
/// their burst, or with too many requests in flight, a person gets 429 with
/// Retry-After; another person, from the same address, is served.
@Suite struct PersonLimitTests {
    @Test func onePersonsBurst_isLimited_othersAreServed() async throws {
        let shared = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: shared)
        let services = QuorumServices(runner: shared.runner, personLimits: PersonLimits(concurrency: 2, burst: 5, perSecond: 0))
        try await withQuorum(services) { (client) async throws -> Void in
            var statuses: [Int] = []
            for _ in 0..<8 { statuses.append(try await client.call(.get, "/v1/me", token: org.nqsw.token).status) }
            #expect(statuses.prefix(5).allSatisfy { $0 == 200 } && statuses.suffix(3).allSatisfy { $0 == 429 }, "\(statuses)")
            let limited = try await client.call(.get, "/v1/me", token: org.nqsw.token)
            #expect(limited.problemKind == "too-many-requests" && Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await client.call(.get, "/v1/me", token: org.coordinator.token).status == 200, "per person, not per address")
        }
    }

    @Test func inFlight_isCappedPerPerson() {
        let limiter = PersonLimiter(PersonLimits(concurrency: 2, burst: 100, perSecond: 100))
        #expect(limiter.acquire("a") == nil && limiter.acquire("a") == nil)
        #expect(limiter.acquire("a") == 1, "a third request in flight waits")
        #expect(limiter.acquire("b") == nil, "someone else is not")
        limiter.release("a")
        #expect(limiter.acquire("a") == nil)
    }
}
