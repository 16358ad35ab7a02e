internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows
internal import Foundation

/// Makes a POST that carries an `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header) safe to send again: the key
/// is claimed (per person) before the command runs; a replay with the same
/// request gets the first reply and runs nothing; the same key with another
/// request is 422; a replay while the first still runs is 409. Replies the
/// client caused (2xx–4xx) are kept for 24 hours; a 5xx frees the key.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = QuorumContext
    let services: QuorumServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.init("Idempotency-Key")!] else { return try await next(request, context) }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Problem(.badRequest, kind: "bad-idempotency-key", title: "Idempotency-Key is not usable",
                          detail: "Send 1 to 255 visible ASCII characters, for example a UUID.",
                          errors: [.init(field: "Idempotency-Key", message: "Expected 1 to 255 visible ASCII characters.")])
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let method = request.method.rawValue
        let path = request.uri.path
        let hash = ClaimIdempotencyKey.requestHash(method: method, path: path, body: body.readableBytesView)
        let (claim, person) = try await services.run(ClaimIdempotencyKey(key: key, method: method, path: path, requestHash: hash), context)
        switch claim {
        case .mismatch:
            throw Problem(.unprocessableContent, kind: "idempotency-key-reused", title: "Idempotency-Key already used",
                          detail: "This key was used for a different request; use a new key for a new request.",
                          errors: [.init(field: "Idempotency-Key", message: "Used before with another request.")])
        case .inProgress:
            throw Problem.conflict("A request with this Idempotency-Key is still being processed; retry in a moment.", kind: "idempotency-key-in-progress")
        case .replay(let stored):
            // The first reply holds the record as it was; it goes only to someone who may still see that record.
            try await ReplayAccess.check(path: path, services: services, context: context)
            return Self.replay(stored)
        case .fresh:
            return try await runOnce(request, context: context, key: key, person: person, next: next)
        }
    }

    /// The first reply again, marked as a replay.
    static func replay(_ stored: StoredReply) -> Response {
        var headers: HTTPFields = [:]
        headers[.init("Idempotent-Replayed")!] = "true" // RFC-draft convention: says this reply repeats the first
        if let type = stored.contentType { headers[.contentType] = type }
        if let etag = stored.etag { headers[.eTag] = etag }
        if let location = stored.location { headers[.location] = location }
        return Response(status: .init(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: stored.body)))
    }

    /// Runs the command the key was claimed for and keeps its reply.
    private func runOnce(
        _ request: Request, context: Context, key: String, person: PersonID, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try Problem.from(error, requestID: context.requestID, logger: context.logger).response(from: request, context: context)
        }
        let collector = BodyCollector()
        try await response.body.write(collector)
        let reply = StoredReply(status: Int(response.status.code), contentType: response.headers[.contentType], etag: response.headers[.eTag],
                                location: response.headers[.location], body: Array(collector.buffer.readableBytesView))
        // A fault of ours (5xx) frees the key so the client may try again; otherwise the reply is kept.
        _ = try? await services.run(FinishIdempotencyKey(key: key, person: person, reply: response.status.code >= 500 ? nil : reply), context)
        var replayed = response
        replayed.body = .init(byteBuffer: collector.buffer)
        return replayed
    }
}

/// Before a kept reply is sent again: the caller must still see the record
/// the request was about (the year, the panel, the escalation, the sample).
/// A caller who lost access since — a change of assessor, a released case —
/// gets the refusal any read would give, never the stored reply.
enum ReplayAccess {
    static func check(path: String, services: QuorumServices, context: QuorumContext) async throws {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "v1" else { return }
        switch (parts[1], UUID(uuidString: parts[2])) {
        case ("enrolments", let id?): _ = try await services.run(GetEnrolment(EnrolmentID(id)), context)
        case ("panels", let id?): _ = try await services.run(GetPanel(PanelID(id)), context)
        case ("escalations", let id?): _ = try await services.run(GetEscalation(id), context)
        case ("moderation", _) where parts.count >= 4 && parts[2] == "samples":
            if let id = UUID(uuidString: parts[3]) { _ = try await services.run(GetModerationSample(id), context) }
        default: return
        }
    }
}

/// Gathers a response body so it can be kept and sent.
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var part = buffer
        self.buffer.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
