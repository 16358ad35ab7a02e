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

    /// The filters from the query string, each checked like a body field; a
    /// blank filter (a form's "every kind") filters nothing.
    static func query(_ request: Request) throws -> AuditQuery {
        func text(_ name: String) -> String? {
            request.uri.queryParameters[name[...]].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        var issues = FieldIssues()
        func uuid(_ name: String) -> UUID? {
            guard let value = text(name) else { return nil }
            guard let id = UUID(uuidString: value) else { issues.add(name, "Expected a UUID."); return nil }
            return id
        }
        func day(_ name: String) -> CalendarDay? {
            guard let value = text(name) else { return nil }
            guard let day = CalendarDay(iso: value) else { issues.add(name, "Expected a date as YYYY-MM-DD."); return nil }
            return day
        }
        func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, as: Choice.Type) -> Choice? where Choice.RawValue == String {
            guard let value = text(name) else { return nil }
            guard let choice = Choice(rawValue: value) else {
                issues.add(name, "Expected one of: \(Choice.allCases.map(\.rawValue).joined(separator: ", ")).")
                return nil
            }
            return choice
        }
        let (from, to) = (day("from"), day("to"))
        if let from, let to, to < from { issues.add("to", "Expected a day on or after `from`.") }
        let query = AuditQuery(
            recordKind: choice("recordKind", as: AuditEntry.EntityType.self), recordID: uuid("recordId"),
            enrolmentID: uuid("enrolmentId").map(EnrolmentID.init), actorID: uuid("actorId").map(PersonID.init),
            action: choice("action", as: AuditAction.self), from: from, to: to, before: try AuditCursor.parse(request),
            limit: try Query.int(request, "limit", default: 50, range: 1...200))
        try issues.throwIfAny()
        return query
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
