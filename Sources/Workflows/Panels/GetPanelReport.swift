public import Domain
public import Store

/// The coordinator's cohort report: every decision signed in a period, per
/// case, with the recommendation it heard, deferrals so far and the days from
/// the final review to the decision. Defaults to the twelve months to today.
public struct GetPanelReport: TransactionalUseCase {
    public var from: CalendarDay?
    public var to: CalendarDay?

    public init(from: CalendarDay?, to: CalendarDay?) {
        self.from = from
        self.to = to
    }

    public func run(in context: UseCaseContext) throws -> PanelReport {
        let to = self.to ?? context.today
        let from = self.from ?? context.today.adding(months: -12)
        guard from <= to else { throw ValidationFailure(field: "to", message: "The period ends on or after it starts.") }
        try Refusal.require(PanelAccess.canManage(context.caller), "The panel report is for ASYE coordinators.")
        try context.recordRead(.organisation, [context.organisation.uuid], .panelReportRead, as: .coordinator)
        let organisation = context.organisation
        let connection = context.connection
        let panels = try PanelRepository.panels(in: organisation, on: connection)
        let byID = Dictionary(uniqueKeysWithValues: panels.map { ($0.id, $0) })
        var rows: [PanelReport.Row] = []
        var deferrals: [EnrolmentID: Int] = [:]
        for record in try PanelCaseRepository.cases(panels: panels.map(\.id), organisation: organisation, on: connection) {
            guard let decision = record.decision, let signedOn = decision.signedOn, (from...to).contains(signedOn), let panel = byID[record.panelID],
                  let enrolment = try EnrolmentRepository.find(record.enrolmentID, in: organisation, on: connection),
                  let recommendation = try RecommendationRepository.find(for: record.enrolmentID, organisation: organisation, on: connection)
            else { continue }
            if deferrals[record.enrolmentID] == nil {
                deferrals[record.enrolmentID] = try PanelCaseRepository.deferrals(of: record.enrolmentID, organisation: organisation, on: connection)
            }
            let finalReview = try ReviewRepository.reviews(of: record.enrolmentID, organisation: organisation, on: connection)
                .filter(\.isFinal).map(\.heldOn).min()
            rows.append(PanelReport.Row(
                panel: panel, record: record, decision: decision, nqswName: enrolment.nqswName,
                recommended: recommendation.versions.first { $0.number == decision.decision.recommendationVersion }?.outcome,
                recommendedGrade: recommendation.versions.first { $0.number == decision.decision.recommendationVersion }?.grade,
                deferrals: deferrals[record.enrolmentID] ?? 0, finalReviewOn: finalReview, decidedOn: signedOn))
        }
        return PanelReport(from: from, to: to, rows: rows)
    }
}

/// Signed decisions over a period.
public struct PanelReport: Sendable {
    public struct Row: Sendable {
        public var panel: PanelRecord
        public var record: PanelCaseRecord
        public var decision: PanelCaseRecord.Decision
        public var nqswName: String
        public var recommended: RecommendedOutcome?
        /// The recommendation's grade, where the organisation grades.
        public var recommendedGrade: Int?
        public var deferrals: Int
        public var finalReviewOn: CalendarDay?
        public var decidedOn: CalendarDay
    }

    public var from: CalendarDay
    public var to: CalendarDay
    public var rows: [Row]
}
