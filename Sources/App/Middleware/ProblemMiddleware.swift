internal import Hummingbird

/// Turns every error into an `application/problem+json` response, and the
/// router's "no such route" into 404 or, when the path exists with other
/// methods, 405 with `Allow`.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = QuorumContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && (context.endpointPath ?? "NotFound") == "NotFound" {
            let allowed = routes.methods(matching: request.uri.path)
            if allowed.isEmpty {
                return try Problem(.notFound, kind: "no-route", title: "No such route",
                                   detail: "Nothing is served at this path; see /openapi.yaml for the API.")
                    .response(from: request, context: context)
            }
            return try Problem(.methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed",
                               detail: "This path answers \(allowed.joined(separator: ", ")).",
                               headers: [.allow: allowed.joined(separator: ", ")])
                .response(from: request, context: context)
        } catch {
            return try Problem.from(error, requestID: context.requestID, logger: context.logger)
                .response(from: request, context: context)
        }
    }
}
