internal import Hummingbird
internal import Logging
internal import Foundation
internal import Workflows

/// Gives each request an id, times it, counts it and writes one access-log
/// line. The line holds method, route pattern, status, duration and id —
/// never the query string, a body, a header value or a name, so the logs
/// carry no personal data or credentials.
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = QuorumContext
    let metrics: RequestMetrics
    let accessLog: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = context.id
        context.requestID = requestID
        context.clientRequestID = Self.clientRequestID(from: request)
        context.logger[metadataKey: "request_id"] = .string(requestID)
        if let client = context.clientRequestID { context.logger[metadataKey: "client_request_id"] = .string(client) }
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: Int(response.status.code), seconds: seconds)
        response.headers[.init("X-Request-Id")!] = requestID
        // Reached over TLS (directly or through the proxy): browsers keep to HTTPS from now on.
        if WebSession.isSecure(request) { response.headers[.init("Strict-Transport-Security")!] = "max-age=31536000; includeSubDomains" }
        if let client = context.clientRequestID { response.headers[.init("X-Client-Request-Id")!] = client }
        if accessLog {
            context.logger.info("request", metadata: [
                "method": .string(request.method.rawValue), "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "ms": .string(String(format: "%.2f", seconds * 1000)),
            ])
        }
        return response
    }

    /// The request's own id is always the one Hummingbird assigned (a random
    /// per-process prefix and a counter: unique, and no system call per
    /// request). A caller's `X-Request-Id` is kept beside it if it is short and
    /// plain — never in its place, since a client may send anyone's id.
    static func clientRequestID(from request: Request) -> String? {
        guard let given = request.headers[.init("X-Request-Id")!], (8...64).contains(given.utf8.count),
              given.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D })
        else { return nil }
        return given
    }
}

/// Requires a well-formed bearer token on every `/v1` route. The secret is
/// resolved to a caller later, on the same database connection as the
/// handler's work, so a request costs one connection checkout.
struct BearerMiddleware: RouterMiddleware {
    typealias Context = QuorumContext
    /// The employer's identity provider, if bearer JWTs are accepted.
    var identityProvider: IdentityProvider?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthenticated("Send your token as `Authorization: Bearer <token>`.")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthenticated("The Authorization header does not hold a bearer token.")
        }
        var context = context
        if Credential.looksLikeToken(parts[1]) {
            context.bearer = parts[1]
        } else if let identityProvider, IdentityProvider.looksLikeJWT(parts[1]) {
            do {
                context.identity = try await identityProvider.identity(from: parts[1])
                context.bearer = parts[1]
            } catch {
                throw Problem.unauthenticated(error.sentence)
            }
        } else {
            throw Problem.unauthenticated("The Authorization header does not hold a Quorum bearer token.")
        }
        return try await next(request, context)
    }
}
