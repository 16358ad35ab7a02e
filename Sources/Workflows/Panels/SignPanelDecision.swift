public import Domain
public import Store

/// The chair signs the panel's decision, in session. Only then does it take
/// effect: the recommendation is decided (or deferred), and the machine's
/// effects are performed in the same transaction — PASS or FAIL closes the
/// year, DEFER re-lists the case at the first suitable panel after its deadline.
public struct SignPanelDecision: TransactionalUseCase {
    public var panel: PanelID
    public var panelCase: PanelCaseID
    public var expectedVersion: Int?

    public init(_ panel: PanelID, _ panelCase: PanelCaseID, expectedVersion: Int?) {
        self.panel = panel
        self.panelCase = panelCase
        self.expectedVersion = expectedVersion
    }

    public func run(in context: UseCaseContext) throws -> VisibleCase {
        var hearing = try context.hearing(panel, panelCase)
        let composition = hearing.panel.composition
        let signs = [hearing.panel.chairID, hearing.panel.deputyChairID].contains(context.caller.personID)
        try Refusal.require(signs && PanelAccess.sits(context.caller, members: hearing.panel.memberIDs),
                            "The panel's chair (or, for a case the chair is conflicted for, the deputy chair) signs its decisions.")
        try Refusal.requireVersion(expectedVersion, current: hearing.record.version)
        // A chair conflicted for this case (its NQSW's assessor or line manager, or a declared conflict) never signs it; the deputy does, or no one.
        let signatory = composition.signatory(for: hearing.parties)
        guard signatory == context.caller.personID else {
            let who = signatory == nil ? "No one free of conflict may sign it: the coordinator releases it to a panel with another chair."
                : context.caller.personID == hearing.panel.chairID ? "You are conflicted for this case; the deputy chair signs it."
                : "The chair is free of conflict for this case and signs it."
            throw Refusal.conflict(who, kind: "chair-conflicted")
        }
        guard hearing.panel.machine.state == .inSession else {
            throw Refusal.conflict("The panel is \(hearing.panel.machine.state.name); decisions are signed in session.", kind: "panel-not-in-session")
        }
        guard let recorded = hearing.record.decision else { throw Refusal.conflict("No decision has been recorded.", kind: "case-transition-refused") }
        let current = hearing.currentVersion
        guard recorded.decision.recommendationVersion == current else {
            throw Refusal.conflict("The recommendation was amended after this decision was recorded (now version \(current)); the coordinator releases the case to list it again.",
                                   kind: "recommendation-amended")
        }
        let effects: [PanelDecisionMachine.Effect]
        do { effects = try hearing.record.machine.apply(.sign) } catch { throw Refusal.caseTransition(error) }
        let actor = context.actor(named: context.caller.personID == hearing.panel.chairID ? "panel_chair" : "deputy_chair")
        let signature = try PanelCaseRepository.sign(recorded, case: hearing.record, on: context.today, organisation: context.organisation,
                                                     actor: actor, on: context.connection)
        guard try PanelCaseRepository.save(hearing.record, organisation: context.organisation, action: "panel_case.decision_signed", reason: nil,
                                           changes: signature, actor: actor, on: context.connection)
        else { throw Refusal.stale(current: hearing.record.version + 1) }
        let final = recorded.decision.outcome.final != nil
        do {
            _ = try hearing.recommendation.machine.apply(final ? .decide(onVersion: current) : .deferJudgement(onVersion: current))
        } catch {
            throw Refusal.conflict("\(error.reason) (state: \(error.state.name))", kind: "recommendation-transition-refused")
        }
        guard try RecommendationRepository.save(hearing.recommendation, creating: false, expectedVersion: hearing.recommendation.version, newVersion: nil,
                                                organisation: context.organisation, action: final ? "recommendation.decided" : "recommendation.deferred",
                                                reason: recorded.decision.reasons, actor: actor, on: context.connection)
        else { throw Refusal.stale(current: hearing.recommendation.version + 1) }
        for effect in effects {
            switch effect {
            case .closesYear(let outcome):
                try PanelCaseRepository.closeYear(hearing.record.enrolmentID, outcome: outcome, organisation: context.organisation, actor: actor,
                                                  on: context.connection)
            case .relistAfter(let deadline):
                try context.extendYear(hearing.enrolment, to: deadline, panelDate: hearing.panel.schedule.sitsOn, reasons: recorded.decision.reasons,
                                       actor: actor)
                try context.relist(hearing.record.enrolmentID, actor: actor)
            case .referredBack(let deadline):
                try context.extendYear(hearing.enrolment, to: deadline, panelDate: hearing.panel.schedule.sitsOn, reasons: recorded.decision.reasons,
                                       actor: actor)
            case .recorded, .signed, .corrected, .released:
                break
            }
        }
        return try context.visibleCase(panelCase, at: hearing.panel)
    }
}
