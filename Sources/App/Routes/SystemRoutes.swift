internal import Hummingbird
internal import Foundation
internal import PQ

/// Liveness, readiness, metrics and the API contract: no sign-in, no personal data.
struct SystemRoutes {
    let services: QuorumServices
    let openAPI: ByteBuffer

    func register(on router: Router<QuorumContext>, table: RouteTable) {
        table.add(router, .get, "/healthz", operationID: "getHealth") { _, _ in
            try JSONResponse.make(["status": "ok"])
        }
        table.add(router, .get, "/readyz", operationID: "getReadiness") { _, _ in
            do {
                let answered = try await services.pool.withConnection { connection in
                    try connection.query("SELECT 1").count == 1
                }
                guard answered else { throw Problem.unavailable("The database did not answer.") }
                return try JSONResponse.make(["status": "ready"])
            } catch let problem as Problem {
                throw problem
            } catch {
                throw Problem.unavailable("The database is not reachable.")
            }
        }
        table.add(router, .get, "/metrics", operationID: "getMetrics") { _, _ in
            let text = services.metrics.render(pool: services.pool.statistics)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let document = openAPI
        table.add(router, .get, "/openapi.yaml", operationID: "getOpenAPI") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: document))
        }
    }
}
