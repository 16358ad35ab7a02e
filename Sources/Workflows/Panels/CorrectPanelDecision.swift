public import Domain
public import Store

/// A coordinator corrects a signed decision between PASS and FAIL, with a
/// reason: a new record beside the decision, which re-closes the year.
public struct CorrectPanelDecision: TransactionalUseCase {
    public var panel: PanelID
    public var panelCase: PanelCaseID
    public var expectedVersion: Int?
    public var outcome: RecommendedOutcome
    public var reason: String

    public init(_ panel: PanelID, _ panelCase: PanelCaseID, expectedVersion: Int?, outcome: RecommendedOutcome, reason: String) {
        self.panel = panel
        self.panelCase = panelCase
        self.expectedVersion = expectedVersion
        self.outcome = outcome
        self.reason = reason
    }

    public func run(in context: UseCaseContext) throws -> VisibleCase {
        try Refusal.require(PanelAccess.canManage(context.caller), "Only an ASYE coordinator corrects a recorded decision.")
        var hearing = try context.hearing(panel, panelCase)
        try Refusal.requireVersion(expectedVersion, current: hearing.record.version)
        guard let decision = hearing.record.decision else { throw Refusal.conflict("The case has no decision.", kind: "case-transition-refused") }
        let corrected = PanelDecision.Outcome(outcome)
        do { _ = try hearing.record.machine.apply(.correct(to: corrected, reason: reason)) } catch { throw Refusal.caseTransition(error) }
        let actor = context.actor(.coordinator)
        let correction = try PanelCaseRepository.insertCorrection(of: decision, case: hearing.record, to: corrected, reason: reason,
                                                                  organisation: context.organisation, actor: actor, on: context.connection)
        guard try PanelCaseRepository.save(hearing.record, organisation: context.organisation, action: "panel_case.decision_corrected", reason: reason,
                                           changes: correction, actor: actor, on: context.connection)
        else { throw Refusal.stale(current: hearing.record.version + 1) }
        try PanelCaseRepository.closeYear(hearing.record.enrolmentID, outcome: outcome, organisation: context.organisation, actor: actor, on: context.connection)
        return try context.visibleCase(panelCase, at: hearing.panel, names: true)
    }
}
