internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// Panel outcomes over a period: per case, per panel and in total.
struct PanelReportBody: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var panelId: String
        var sitsOn: String
        var caseNumber: Int
        var nqswName: String
        var enrolmentId: String
        var recommended: String
        var kind: String
        var outcome: String
        var confirmed: Bool
        var reasons: String?
        var deferrals: Int
        var finalReviewOn: String?
        var decidedOn: String
        var daysToDecision: Int?
        /// The recommendation's grade on the graded scale, where used.
        var grade: Int?
    }

    struct Tally: Encodable, Sendable {
        var panelId: String?
        var sitsOn: String?
        var cases = 0
        var pass = 0
        var fail = 0
        var deferred = 0
        var notConfirmed = 0
        var medianDaysToDecision: Int?
        /// FAILs among the cases decided PASS or FAIL.
        var failureRate: Double?
        /// Graded 3: below the standard, but the nearest to it.
        var nearMisses = 0
        /// Cases by grade ("1" to "7"), where the organisation grades.
        var grades: [String: Int] = [:]

        init(panelId: String?, sitsOn: String?, rows: [Row]) {
            self.panelId = panelId
            self.sitsOn = sitsOn
            cases = rows.count
            pass = rows.filter { $0.outcome == "PASS" }.count
            fail = rows.filter { $0.outcome == "FAIL" }.count
            deferred = rows.filter { $0.outcome == "DEFER" }.count
            notConfirmed = rows.filter { !$0.confirmed }.count
            failureRate = pass + fail == 0 ? nil : Double(fail) / Double(pass + fail)
            nearMisses = rows.filter { $0.grade == GradedScale.nearMiss }.count
            for grade in rows.compactMap(\.grade) { grades[String(grade), default: 0] += 1 }
            let days = rows.compactMap(\.daysToDecision).sorted()
            medianDaysToDecision = days.isEmpty ? nil : days[(days.count - 1) / 2]
        }
    }

    var from: String
    var to: String
    var total: Tally
    var panels: [Tally]
    var rows: [Row]

    init(_ report: PanelReport) {
        let rows = report.rows.map { row in
            Row(panelId: row.panel.id.description, sitsOn: row.panel.schedule.sitsOn.description, caseNumber: row.record.caseNumber,
                nqswName: row.nqswName, enrolmentId: row.record.enrolmentID.description, recommended: row.recommended?.rawValue ?? "",
                kind: row.decision.decision.kind.rawValue, outcome: row.decision.outcome.rawValue, confirmed: row.decision.decision.kind == .confirm,
                reasons: row.decision.decision.reasons, deferrals: row.deferrals, finalReviewOn: row.finalReviewOn?.description,
                decidedOn: row.decidedOn.description, daysToDecision: row.finalReviewOn.map { $0.days(until: row.decidedOn) }, grade: row.recommendedGrade)
        }
        self.from = report.from.description
        self.to = report.to.description
        self.rows = rows.sorted { ($0.sitsOn, $0.panelId, $0.caseNumber) < ($1.sitsOn, $1.panelId, $1.caseNumber) }
        total = Tally(panelId: nil, sitsOn: nil, rows: rows)
        panels = Dictionary(grouping: self.rows, by: \.panelId).map { Tally(panelId: $0.key, sitsOn: $0.value.first?.sitsOn, rows: $0.value) }
            .sorted { ($0.sitsOn ?? "", $0.panelId ?? "") < ($1.sitsOn ?? "", $1.panelId ?? "") }
    }

    var csv: String {
        CSVText.document(
            header: ["panel_id", "sits_on", "case", "nqsw", "enrolment_id", "recommended", "decision", "outcome", "reasons", "deferrals",
                     "final_review_on", "decided_on", "days_to_decision"],
            rows: rows.map {
                [$0.panelId, $0.sitsOn, String($0.caseNumber), $0.nqswName, $0.enrolmentId, $0.recommended, $0.kind, $0.outcome, $0.reasons ?? "",
                 String($0.deferrals), $0.finalReviewOn ?? "", $0.decidedOn, $0.daysToDecision.map(String.init) ?? ""]
            })
    }
}
