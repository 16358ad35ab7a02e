internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The audit history as a page: who did what, when and why, filtered by
/// record kind, action and dates, newest first, a page at a time — the same
/// use case and filters as `GET /v1/audit`.
struct HistoryPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("history", use: history)
    }

    struct History: Sendable {
        struct Option: Sendable {
            var value: String
            var label: String
            var selected: Bool
        }

        struct Row: Sendable {
            var recordedAt: String
            var occurredOn: String
            var who: String
            var action: String
            var record: String
            var reason: String
            var changes: [String]
        }

        var kinds: [Option]
        var actions: [Option]
        var from: String
        var to: String
        var rows: [Row]
        var olderPath: String?
        var csvPath: String
    }

    @Sendable func history(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let query = try AuditRoutes.query(request)
            let page = AuditPageBody(try await web.run(ListAuditHistory(query), for: viewer, context))
            var filters = URLComponents()
            filters.queryItems = [("recordKind", query.recordKind?.rawValue), ("action", query.action?.rawValue), ("from", query.from?.description),
                                  ("to", query.to?.description)].compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
            let base = filters.percentEncodedQuery ?? ""
            func option(_ value: String, _ label: String, _ chosen: String?) -> History.Option { .init(value: value, label: label, selected: value == chosen) }
            return Page(.history, title: "History", content: History(
                kinds: [option("", "Every kind", nil)] + AuditEntry.EntityType.allCases.map { option($0.rawValue, $0.rawValue.replacingOccurrences(of: "_", with: " "), query.recordKind?.rawValue) },
                actions: [option("", "Every action", nil)] + AuditAction.allCases.map { option($0.rawValue, $0.rawValue, query.action?.rawValue) },
                from: query.from?.description ?? "", to: query.to?.description ?? "",
                rows: page.items.map { entry in
                    History.Row(recordedAt: entry.recordedAt.formatted(date: .abbreviated, time: .shortened), occurredOn: entry.occurredOn,
                                who: "\(entry.actorName ?? "Quorum") (\(entry.actorRole.replacingOccurrences(of: "_", with: " ")))", action: entry.action,
                                record: "\(entry.recordKind.replacingOccurrences(of: "_", with: " ")) \(entry.recordId.prefix(8))", reason: entry.reason ?? "",
                                changes: entry.changes.map { "\($0.field): \($0.before ?? "–") → \($0.after ?? "–")" })
                },
                olderPath: page.nextCursor.map { "/history?\(base.isEmpty ? "" : base + "&")cursor=\($0)" },
                csvPath: "/v1/audit?format=csv\(base.isEmpty ? "" : "&" + base)"))
        }
    }
}
