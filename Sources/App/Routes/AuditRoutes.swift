internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The audit history: one read API over every record kind, filtered and paged, JSON or CSV.
struct AuditRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "audit", operationID: "listAuditHistory", list)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let query = try AuditRoutes.query(request)
        let format = try Query.format(request)
        let page = try await services.run(ListAuditHistory(query), context)
        let body = AuditPageBody(page)
        switch format {
        case .json: return try JSONResponse.make(body)
        case .csv: return CSVResponse.make(body.csv, filename: "audit-history.csv")
        }
    }

    /// The filters from the query string, each checked like a body field.
    static func query(_ request: Request) throws -> AuditQuery {
        func uuid(_ name: String) throws -> UUID? {
            guard let text = request.uri.queryParameters[name[...]] else { return nil }
            guard let id = UUID(uuidString: String(text)) else { throw Problem.validation([.init(field: name, message: "Expected a UUID.")]) }
            return id
        }
        let (from, to) = (try Query.day(request, "from"), try Query.day(request, "to"))
        if let from, let to, to < from { throw Problem.validation([.init(field: "to", message: "Expected a day on or after `from`.")]) }
        return AuditQuery(
            recordKind: try Query.choice(request, "recordKind", as: AuditEntry.EntityType.self), recordID: try uuid("recordId"),
            enrolmentID: try uuid("enrolmentId").map(EnrolmentID.init), actorID: try uuid("actorId").map(PersonID.init),
            action: try Query.choice(request, "action", as: AuditAction.self), from: from, to: to, before: try AuditCursor.parse(request),
            limit: try Query.int(request, "limit", default: 50, range: 1...200))
    }
}

/// The opaque cursor of the history's pages: where the previous page ended.
enum AuditCursor {
    static func make(_ seq: Int) -> String {
        Data("audit:\(seq)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func parse(_ request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters["cursor"] else { return nil }
        var padded = String(text)
        while padded.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded), let decoded = String(data: data, encoding: .utf8), decoded.hasPrefix("audit:"),
              let seq = Int(decoded.dropFirst(6)), seq > 0 else {
            throw Problem.validation([.init(field: "cursor", message: "Expected the nextCursor of an earlier page.")])
        }
        return seq
    }
}
