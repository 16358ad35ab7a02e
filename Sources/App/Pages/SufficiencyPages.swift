internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Keeping today's sufficiency check, and reading a kept one as it was.
struct SufficiencyPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.post("nqsws/{enrolmentId}/sufficiency/runs", use: keep)
        router.get("nqsws/{enrolmentId}/sufficiency/runs/{runId}", use: run)
    }

    /// A kept check as its page shows it.
    struct Run: Sendable {
        var portfolioPath: String
        var occasion: String
        var recordedOn: String
        var by: String
        var asOf: String
        var met: String
        var policyVersion: Int
        var kssFramework: String
        var pcfFramework: String
        var findings: [FindingRow]
        var counts: CountsView
    }

    @Sendable func keep(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id: EnrolmentID = try context.pageID("enrolmentId")
            var fields = form.json(strings: ["note"])
            if form["note"]?.trimmingWhitespace().isEmpty ?? true { fields = JSONFields(object: [:]) }
            _ = try await web.run(try SaveSufficiencyRun.parse(&fields, enrolment: id), for: viewer, context)
            return "/nqsws/\(id)?done=check-kept"
        }, showAgain: { viewer, form, _ in try await AssessorPages(web: web).portfolioPage(viewer, form: form, context: context) })
    }

    @Sendable func run(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let id: EnrolmentID = try context.pageID("enrolmentId")
            let runID: UUID = try context.pageID("runId", as: Identifier<SufficiencyRun>.self).uuid
            let kept = try await web.run(GetSufficiencyRun(id, runID), for: viewer, context)
            guard let report = kept.report else { throw Problem.notFound("sufficiency run") }
            let row = RunRow(kept.run, enrolment: id)
            return Page(.sufficiencyRun, title: "Sufficiency check kept on \(row.recordedOn)", content: Run(
                portfolioPath: "/nqsws/\(id)", occasion: row.occasion, recordedOn: row.recordedOn, by: row.by, asOf: row.asOf, met: row.met,
                policyVersion: kept.run.policyVersion, kssFramework: kept.run.kssFramework, pcfFramework: kept.run.pcfFramework,
                findings: FindingRow.rows(report), counts: CountsView(report.counts)))
        }
    }
}
