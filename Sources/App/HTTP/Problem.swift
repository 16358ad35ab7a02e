public import Hummingbird
internal import Foundation
public import Domain

/// An RFC 9457 problem: the only shape errors leave Quorum in.
///
/// `type` is a stable URN a client can switch on; `title` is fixed per type;
/// `detail` is a sentence about this occurrence; `errors` lists the fields at
/// fault. A problem never carries SQL, stack traces or another person's data.
public struct Problem: HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// The last segment of the type URN (`validation`, `not-found`, …).
    public var kind: String
    public var title: String
    public var detail: String
    public var errors: [FieldIssue]
    /// Extra headers (`Retry-After`, `WWW-Authenticate`, `Allow`).
    public var headers: HTTPFields
    /// For a broken rule of the year: the rule's name, the record it protects
    /// and the date that decides it, as members a client can act on.
    public var rule: String?
    public var record: String?
    public var date: String?

    public init(
        _ status: HTTPResponse.Status, kind: String, title: String, detail: String,
        errors: [FieldIssue] = [], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The problem's `type` member.
    public var type: String { "urn:quorum:problem:\(kind)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        fields[.cacheControl] = "no-store"
        let body = Body(type: type, title: title, status: Int(status.code), detail: detail, errors: errors.isEmpty ? nil : errors,
                        rule: rule, record: record, date: date)
        let data = try JSONEncoder.quorum.encode(body)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct Body: Codable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var errors: [FieldIssue]?
        var rule: String?
        var record: String?
        var date: String?
    }
}

extension Problem {
    static func validation(_ issues: [FieldIssue], detail: String? = nil) -> Problem {
        let fields = issues.map(\.field)
        return Problem(
            .unprocessableContent, kind: "validation", title: "The request has invalid fields",
            detail: detail ?? "Check \(fields.count == 1 ? "the field" : "the fields") \(fields.joined(separator: ", ")).",
            errors: issues)
    }

    static func malformedJSON(_ detail: String) -> Problem {
        Problem(.badRequest, kind: "malformed-json", title: "The body is not valid JSON", detail: detail)
    }

    static func unauthenticated(_ detail: String) -> Problem {
        Problem(.unauthorized, kind: "unauthenticated", title: "Sign-in required", detail: detail,
                headers: [.wwwAuthenticate: "Bearer realm=\"quorum\""])
    }

    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, kind: "forbidden", title: "Not allowed", detail: detail)
    }

    static func notFound(_ what: String) -> Problem {
        Problem(.notFound, kind: "not-found", title: "Not found", detail: "There is no \(what) here, or it is not yours to see.")
    }

    static func conflict(_ detail: String, kind: String = "conflict") -> Problem {
        Problem(.conflict, kind: kind, title: "Conflicts with the current state", detail: detail)
    }

    static func stale(current: Int) -> Problem {
        Problem(.preconditionFailed, kind: "stale-version", title: "Someone else changed this first",
                detail: "The record is now at version \(current); fetch it again and reapply your change.",
                headers: [.eTag: ETag.make(current)])
    }

    static func preconditionRequired() -> Problem {
        Problem(Hummingbird.HTTPResponse.Status(code: 428, reasonPhrase: "Precondition Required"), kind: "if-match-required",
                title: "If-Match is required",
                detail: "Send the ETag you last read in an If-Match header so that concurrent changes are never lost.",
                errors: [FieldIssue(field: "If-Match", message: "Required on every change.")])
    }

    static func unavailable(_ detail: String, retryAfter: Int = 2) -> Problem {
        Problem(.serviceUnavailable, kind: "unavailable", title: "Temporarily unavailable", detail: detail,
                headers: [.retryAfter: String(retryAfter)])
    }

    static func internalError(requestID: String) -> Problem {
        Problem(.internalServerError, kind: "internal", title: "Something went wrong on our side",
                detail: "The error has been logged with request id \(requestID).")
    }
}

extension JSONEncoder {
    /// Quorum's encoder: ISO 8601 instants, sorted keys for stable output.
    static var quorum: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// ISO 8601 instants with milliseconds, in UTC: `2026-11-24T13:27:26.123Z`.
/// By hand, on the calendar arithmetic of ``CalendarDay``: Foundation's
/// `FormatStyle` was a visible cost on every response.
enum ISO8601 {
    static func format(_ date: Date) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = millis / 86_400_000
        var ofDay = millis % 86_400_000
        if ofDay < 0 { ofDay += 86_400_000; days -= 1 }
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        let seconds = ofDay / 1000
        return CalendarDay(daysSinceEpoch: days).description + "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2)
            + ":" + pad(seconds % 60, 2) + "." + pad(ofDay % 1000, 3) + "Z"
    }
}
