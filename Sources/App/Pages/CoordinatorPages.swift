internal import Hummingbird
internal import Foundation
internal import NIOCore

/// The coordinator's pages: the cohort tracker, the outcomes report, and a
/// change of assessor. Panels are in ``PanelPages``.
struct CoordinatorPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("coordinator", use: cohort)
        router.get("coordinator/outcomes", use: outcomes)
        router.get("coordinator/outcomes.csv", use: outcomesCSV)
    }

    /// Every NQSW on one screen: reviews due or overdue, supervision
    /// compliance, open concerns, and whether the year is ready for panel.
    @Sendable func cohort(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let session = viewer.session.secret
            async let tracker = web.api.get("/v1/tracker", session: session, context: context)
            async let compliance = web.api.get("/v1/supervision-compliance", session: session, context: context)
            async let dashboard = web.api.get("/v1/dashboard", session: session, context: context)
            let (trackerBody, complianceBody, dashboardBody) = try await (tracker, compliance, dashboard)
            var compliant: [String: Bool] = [:]
            for item in complianceBody["items"].array { compliant[item["enrolmentId"].string ?? ""] = item["compliant"].bool }
            var concerns: [String: Int] = [:]
            for row in dashboardBody["rows"].array where row["kind"].string == "open_concern" {
                concerns[row["enrolmentId"].string ?? "", default: 0] += 1
            }
            let rows = trackerBody["items"].array.map { item -> [String: Any] in
                let id = item["enrolmentId"].string ?? ""
                let lines = item["lines"].array
                func status(_ key: String) -> [String: Any] {
                    StatusTag.make(lines.first { $0["key"].string == key }?["status"].string ?? "pending")
                }
                let reviewsDue = lines.filter { ($0["key"].string ?? "").hasPrefix("review_") && ["due", "overdue"].contains($0["status"].string ?? "") }
                    .map { $0["label"].string ?? "" }
                return [
                    "id": id, "path": "/nqsws/\(id.pathSegment)", "name": item["nqswName"].string ?? "",
                    "overdue": item["overdue"].int ?? 0, "reviewsDue": reviewsDue.isEmpty ? "None" : reviewsDue.joined(separator: "; "),
                    "supervision": StatusTag.make(compliant[id] == false ? "not compliant" : "compliant"),
                    "concerns": concerns[id] ?? 0, "finalReport": status("final_report"), "panel": status("panel"),
                ]
            }
            let attention = dashboardBody["rows"].array.filter { $0["kind"].string != "open_concern" }.map { row -> [String: Any] in
                ["name": row["nqsw"].string ?? "", "path": "/nqsws/\((row["enrolmentId"].string ?? "").pathSegment)",
                 "kind": (row["kind"].string ?? "").replacingOccurrences(of: "_", with: " "), "due": row["due"].string ?? "",
                 "state": StatusTag.make(row["overdue"].bool ? "overdue" : row["state"].string ?? "")]
            }
            return Page(template: "cohort", title: "Cohort tracker", values: [
                "asOf": trackerBody["items"].array.first?["asOf"].string ?? "", "rows": rows, "attention": attention,
                "nqsws": rows.count, "overdueTotal": rows.reduce(0) { $0 + ($1["overdue"] as? Int ?? 0) },
                "concernTotal": concerns.values.reduce(0, +),
            ])
        }
    }

    /// Panel outcomes over the last year, per panel and per case.
    @Sendable func outcomes(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let report = try await web.api.get("/v1/reports/panels", session: viewer.session.secret, context: context)
            return Page(template: "outcomes", title: "Panel outcomes", values: [
                "from": report["from"].string ?? "", "panels": report["panels"].template ?? [],
                "rows": report["rows"].array.map { row -> [String: Any] in
                    var values = (row.template as? [String: Any]) ?? [:]
                    values["outcomeTag"] = StatusTag.make(row["outcome"].string ?? "")
                    values["confirmedText"] = row["confirmed"].bool ? "Yes" : "No"
                    return values
                },
            ])
        }
    }

    /// The same report as CSV, straight from the API's CSV form.
    @Sendable func outcomesCSV(_ request: Request, context: QuorumContext) async throws -> Response {
        guard let session = WebSession(request) else { return web.signInAgain(request) }
        do {
            let reply = try await web.api.call(.get, "/v1/reports/panels?format=csv", accept: "text/csv", session: session.secret, context: context)
            return Response(status: .ok, headers: [
                .contentType: reply.contentType ?? "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"panel-outcomes.csv\"", .cacheControl: "no-store",
            ], body: .init(byteBuffer: reply.raw))
        } catch {
            return await web.page(request, context: context) { _ in throw error }
        }
    }
}
