@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Testing
import Workflows

@Suite struct SystemRouteTests {
    /// Health, readiness, metrics and the contract answer without a token.
    @Test func systemRoutes_answerWithoutToken() async throws {
        let services = try await TestEnvironment.services()
        try await withQuorum(services) { (client) async throws -> Void in
            #expect(try await client.call(.get, "/healthz").string("status") == "ok")
            #expect(try await client.call(.get, "/readyz").string("status") == "ready")
            let document = try await client.call(.get, "/openapi.yaml")
            #expect(document.text.hasPrefix("openapi: 3.1.0"))
            _ = try await client.call(.get, "/v1/me")
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.text.contains(#"quorum_http_requests_total{method="GET",route="/healthz",status="200"}"#))
            #expect(metrics.text.contains(#"route="/v1/me",status="401""#))
            #expect(metrics.text.contains("quorum_db_pool_connections{state=\"open\"}"))
        }
    }

    /// Readiness fails with 503 and Retry-After when the database cannot be reached.
    @Test func readiness_withoutDatabase_is503() async throws {
        let pool = PQPool(configuration: .init(conninfo: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1", maxConnections: 1))
        let services = QuorumServices(runner: UseCaseRunner(pool: TestEnvironment.running(pool), clock: .fixed(TestEnvironment.today)))
        try await withQuorum(services) { (client) async throws -> Void in
            let response = try await client.call(.get, "/readyz")
            #expect(response.status == 503)
            #expect(response.headers[.retryAfter] != nil)
            let healthz = try await client.call(.get, "/healthz")
            #expect(healthz.status == 200)
        }
        await pool.close()
    }

    /// Unknown paths are 404 problems; known paths with the wrong method are 405 with Allow.
    @Test func unknownRouteOrMethod_isProblemNot500() async throws {
        let services = try await TestEnvironment.services()
        try await withQuorum(services) { (client) async throws -> Void in
            let missing = try await client.call(.get, "/nowhere")
            #expect(missing.status == 404)
            #expect(missing.problemKind == "no-route")
            let wrongMethod = try await client.call(.put, "/healthz")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers[.allow] == "GET")
            let wrongOnCapture = try await client.call(.delete, "/v1/enrolments/\(UUID())")
            #expect(wrongOnCapture.status == 405)
            #expect(wrongOnCapture.headers[.allow] == "GET, PATCH")
        }
    }
}
