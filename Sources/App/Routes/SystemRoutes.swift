internal import Foundation
internal import Hummingbird
internal import Workflows

/// Liveness, readiness, metrics and the API contract: no sign-in, no personal data.
struct SystemRoutes {
    let services: QuorumServices
    let openAPI: ByteBuffer

    func register(on router: Router<QuorumContext>, table: RouteTable) {
        table.add(router, .get, "/healthz", operationID: "getHealth") { _, _ in
            try JSONResponse.make(["status": "ok"])
        }
        table.add(router, .get, "/readyz", operationID: "getReadiness") { _, _ in
            let answered: Bool
            do { answered = try await services.runner.run(CheckReadiness()) } catch {
                throw Problem.unavailable("The database is not reachable.")
            }
            guard answered else { throw Problem.unavailable("The database did not answer.") }
            return try JSONResponse.make(["status": "ready"])
        }
        table.add(router, .get, "/metrics", operationID: "getMetrics") { _, _ in
            let text = services.metrics.render(database: services.runner.databaseStatistics)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let document = openAPI
        table.add(router, .get, "/openapi.yaml", operationID: "getOpenAPI") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: document))
        }
    }
}
