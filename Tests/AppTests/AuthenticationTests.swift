@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Store
import Testing
import Workflows

@Suite struct AuthenticationTests {
    /// Missing, malformed, unknown, expired and revoked tokens all get 401 with a problem body.
    @Test func badTokens_get401() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let expired = try await services.pool.transaction { connection in
            try Tokens.issue(for: org.nqsw.id, organisation: org.id, label: "old", validFor: 1,
                             now: Date().addingTimeInterval(-60), actor: .system, on: connection).secret
        }
        try await withQuorum(services) { (client) async throws -> Void in
            for token in [nil, "not-a-token", Tokens.generateSecret(), expired] {
                let response = try await client.call(.get, "/v1/me", token: token)
                #expect(response.status == 401)
                #expect(response.problemKind == "unauthenticated")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            let basic = try await client.call(.get, "/v1/me", headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == 401)
        }
    }

    /// A valid token resolves to its person and roles; revoking it signs out at once.
    @Test func token_resolvesThenRevokes() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            let me = try await client.call(.get, "/v1/me", token: org.assessor.token)
            #expect(me.status == 200)
            #expect(me.string("id") == org.assessor.id.description)
            #expect(me["roles"] == .array([.string("assessor")]))
            #expect(try await client.call(.delete, "/v1/me/token", token: org.assessor.token).status == 204)
            #expect(try await client.call(.get, "/v1/me", token: org.assessor.token).status == 401)
        }
        let stored = try await services.pool.inOrganisation(org.id) { connection in
            try connection.query("SELECT count(*)::int8 FROM api_tokens WHERE token_hash = \(Tokens.digest(org.assessor.token)) AND revoked_at IS NOT NULL")[0].decode(Int.self, at: 0)
        }
        #expect(stored == 1)
    }

    /// Only the SHA-256 of a token is stored: the secret itself appears nowhere in the table.
    @Test func tokens_storedOnlyAsHash() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let found = try await services.pool.inOrganisation(org.id) { connection in
            try connection.query("SELECT count(*)::int8 FROM api_tokens t WHERE t::text LIKE '%' || \(org.nqsw.token) || '%'")[0].decode(Int.self, at: 0)
        }
        #expect(found == 0)
        #expect(Tokens.digest(org.nqsw.token).bytes.count == 32)
    }

    /// Guessing tokens from one source: after 20 failures in a minute further
    /// failures get 429 with Retry-After, while a good token is still served
    /// (finding 1); each failure is in the security log.
    @Test func failedSignIns_areThrottledAndLogged() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let guesses = (0..<20).map { _ in Tokens.generateSecret() }
        try await withQuorum(services) { (client) async throws -> Void in
            for guess in guesses {
                #expect(try await client.call(.get, "/v1/me", token: guess).status == 401)
            }
            let throttled = try await client.call(.get, "/v1/me", token: Tokens.generateSecret())
            #expect(throttled.status == 429 && throttled.problemKind == "too-many-failed-sign-ins")
            #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(try await client.call(.get, "/v1/me", token: org.assessor.token).status == 200, "a valid token is never refused")
        }
        let owner = try PQConnection.connect(try TestEnvironment.ownerURL)
        let fingerprints = guesses.map { String(Tokens.digest($0).bytes.prefix(6).map { String(format: "%02x", $0) }.joined()) }
        let logged: Int = try owner.query("SELECT count(*)::int8 FROM authentication_failures WHERE token_fingerprint = ANY(\(fingerprints)) AND NOT throttled")[0].decode(at: 0)
        #expect(logged == 20)
        let secrets: Int = try owner.query("SELECT count(*)::int8 FROM authentication_failures WHERE token_fingerprint = ANY(\(guesses))")[0].decode(at: 0)
        #expect(secrets == 0, "the log holds fingerprints, never tokens")
    }
}
