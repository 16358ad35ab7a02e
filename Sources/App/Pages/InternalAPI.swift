internal import Hummingbird
internal import Foundation
internal import Domain
internal import NIOCore

/// The pages' only way to the data: each page calls the JSON API in-process,
/// through the same router, middleware and handlers a client reaches over
/// HTTP. So a page can never show or do what the API would refuse, and no
/// rule exists twice (docs/architecture.md, "Pages").
struct InternalAPI: Sendable {
    /// A reply: the status, the body as JSON, the `ETag` for a later `If-Match`.
    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var body: JSONValue
        var etag: String?
        var contentType: String?
        var raw: ByteBuffer
    }

    /// The API refused: the problem as the API states it.
    struct Refusal: Error, Sendable {
        var problem: Problem
    }

    let responder: RouterResponder<QuorumContext>

    /// Sends `method path` with the session's secret as the bearer token.
    /// Throws ``Refusal`` for any 4xx/5xx, carrying the API's problem.
    func call(
        _ method: HTTPRequest.Method, _ path: String, body: JSONValue? = nil, ifMatch: String? = nil,
        accept: String = "application/json", session: String, context: QuorumContext
    ) async throws -> Reply {
        var headers: HTTPFields = [.authorization: "Bearer \(session)", .accept: accept]
        if let ifMatch { headers[.ifMatch] = ifMatch }
        var buffer = ByteBuffer()
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONEncoder().encode(body))
        }
        let head = HTTPRequest(method: method, scheme: "http", authority: "quorum.internal", path: path, headerFields: headers)
        let response: Response
        do {
            response = try await responder.respond(to: Request(head: head, body: RequestBody(buffer: buffer)), context: context)
        } catch {
            throw Refusal(problem: Problem.from(error, requestID: context.requestID, logger: context.logger))
        }
        let collected = CollectedBody()
        try await response.body.write(collected)
        let bytes = collected.buffer
        let contentType = response.headers[.contentType]
        let json = contentType?.contains("json") == true
            ? (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView))) ?? .null : .null
        if response.status.code >= 400 {
            throw Refusal(problem: Self.problem(json, status: response.status))
        }
        return Reply(status: response.status, body: json, etag: response.headers[.eTag], contentType: contentType, raw: bytes)
    }

    /// Shortcut for a GET whose JSON body is all a page needs.
    func get(_ path: String, session: String, context: QuorumContext) async throws -> JSONValue {
        try await call(.get, path, session: session, context: context).body
    }

    private static func problem(_ body: JSONValue, status: HTTPResponse.Status) -> Problem {
        let kind = body["type"].string.map { String($0.split(separator: ":").last ?? "problem") } ?? "problem"
        let issues = body["errors"].array.compactMap { issue -> FieldIssue? in
            guard let field = issue["field"].string, let message = issue["message"].string else { return nil }
            return FieldIssue(field: field, message: message)
        }
        return Problem(status, kind: kind, title: body["title"].string ?? "The request was refused",
                       detail: body["detail"].string ?? "The request was refused.", errors: issues)
    }
}

/// Gathers a response body in memory; API replies are small JSON documents.
private final class CollectedBody: ResponseBodyWriter, @unchecked Sendable {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var incoming = buffer
        self.buffer.writeBuffer(&incoming)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
