internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The coordinator's pages: the cohort tracker and the outcomes report.
/// Panels are in ``PanelPages``.
struct CoordinatorPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("coordinator", use: cohort)
        router.get("coordinator/outcomes", use: outcomes)
        router.get("coordinator/outcomes.csv", use: outcomesCSV)
    }

    struct Cohort: Sendable {
        struct Row: Sendable {
            var path: String
            var name: String
            var overdue: Int
            var reviewsDue: String
            var supervision: StatusTag
            var concerns: Int
            var finalReport: StatusTag
            var panel: StatusTag
        }

        struct Attention: Sendable {
            var name: String
            var path: String
            var kind: String
            var due: String
            var state: StatusTag
        }

        var asOf: String
        var rows: [Row]
        var attention: [Attention]
        var nqsws: Int
        var overdueTotal: Int
        var concernTotal: Int
    }

    /// Every NQSW on one screen: reviews due or overdue, supervision
    /// compliance, open concerns, and whether the year is ready for panel.
    @Sendable func cohort(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            async let trackerReply = web.run(GetCohortTracker(asOf: nil), for: viewer, context)
            async let complianceReply = web.run(GetSupervisionCompliance(asOf: nil), for: viewer, context)
            async let dashboardReply = web.run(GetDashboard(), for: viewer, context)
            let (years, compliance, dashboard) = try await (trackerReply, complianceReply, dashboardReply)
            let compliant = Dictionary(compliance.rows.map { ($0.record.enrolment.id, $0.compliance.isCompliant) }, uniquingKeysWith: { first, _ in first })
            var concerns: [EnrolmentID: Int] = [:]
            for row in dashboard.rows where row.kind == .openConcern { concerns[row.enrolment, default: 0] += 1 }
            let rows = years.map { year -> Cohort.Row in
                let id = year.record.enrolment.id
                let lines = year.tracker.lines
                func status(_ key: String) -> StatusTag { StatusTag(lines.first { $0.key == key }?.status.rawValue ?? "pending") }
                let reviewsDue = lines.filter { $0.key.hasPrefix("review_") && [.due, .overdue].contains($0.status) }.map(\.label)
                return Cohort.Row(
                    path: "/nqsws/\(id)", name: year.record.nqswName, overdue: year.tracker.overdue,
                    reviewsDue: reviewsDue.isEmpty ? "None" : reviewsDue.joined(separator: "; "),
                    supervision: StatusTag(compliant[id] == false ? "not compliant" : "compliant"), concerns: concerns[id] ?? 0,
                    finalReport: status("final_report"), panel: status("panel"))
            }
            let attention = dashboard.rows.filter { $0.kind != .openConcern }.map { row in
                Cohort.Attention(name: row.nqsw, path: "/nqsws/\(row.enrolment)", kind: row.kind.rawValue.replacingOccurrences(of: "_", with: " "),
                                 due: row.due?.description ?? "", state: StatusTag(row.overdue ? "overdue" : row.state))
            }
            return Page(.cohort, title: "Cohort tracker", content: Cohort(
                asOf: years.first?.asOf.description ?? "", rows: rows, attention: attention, nqsws: rows.count,
                overdueTotal: rows.reduce(0) { $0 + $1.overdue }, concernTotal: concerns.values.reduce(0, +)))
        }
    }

    struct Outcomes: Sendable {
        struct Row: Sendable {
            var nqswName: String
            var sitsOn: String
            var recommended: String
            var outcomeTag: StatusTag
            var confirmedText: String
            var deferrals: Int
        }

        var from: String
        var panels: [PanelReportBody.Tally]
        var rows: [Row]
    }

    /// Panel outcomes over the last year, per panel and per case.
    @Sendable func outcomes(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let report = PanelReportBody(try await web.run(GetPanelReport(from: nil, to: nil), for: viewer, context))
            return Page(.outcomes, title: "Panel outcomes", content: Outcomes(from: report.from, panels: report.panels, rows: report.rows.map {
                Outcomes.Row(nqswName: $0.nqswName, sitsOn: $0.sitsOn, recommended: $0.recommended, outcomeTag: StatusTag($0.outcome),
                             confirmedText: $0.confirmed ? "Yes" : "No", deferrals: $0.deferrals)
            }))
        }
    }

    /// The same report as CSV.
    @Sendable func outcomesCSV(_ request: Request, context: QuorumContext) async throws -> Response {
        guard let session = WebSession(request) else { return web.signInAgain(request) }
        do {
            let report = try await web.services.runner.run(GetPanelReport(from: nil, to: nil), as: .token(session.secret), requestID: context.requestIdentity)
            var response = CSVResponse.make(PanelReportBody(report).csv, filename: "panel-outcomes.csv")
            response.headers[.cacheControl] = "no-store"
            return response
        } catch {
            return await web.refusalPage(error, request: request, context: context)
        }
    }
}
