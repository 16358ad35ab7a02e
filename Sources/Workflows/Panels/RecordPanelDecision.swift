public import Domain
public import Store

/// What the panel decides on a case.
public struct PanelDecisionProposal: Sendable, Hashable {
    /// The recommendation version the panel read in the pack.
    public var recommendationVersion: Int
    public var kind: PanelDecision.Kind
    /// For a different outcome.
    public var outcome: RecommendedOutcome?
    public var reasons: String?
    public var evidenceRequired: String?
    public var deadline: CalendarDay?
    /// The members who took part; by default everyone present and free of conflict.
    public var participants: Set<PersonID>?

    public init(recommendationVersion: Int, kind: PanelDecision.Kind, outcome: RecommendedOutcome?, reasons: String?, evidenceRequired: String?,
                deadline: CalendarDay?, participants: Set<PersonID>? = nil) {
        self.participants = participants
        self.recommendationVersion = recommendationVersion
        self.kind = kind
        self.outcome = outcome
        self.reasons = reasons
        self.evidenceRequired = evidenceRequired
        self.deadline = deadline
    }
}

/// A member free to decide the case records the panel's decision, in
/// session, on the recommendation version the pack showed. It takes effect
/// only when the chair signs it. Two members recording at once: one wins.
public struct RecordPanelDecision: TransactionalUseCase {
    public var panel: PanelID
    public var panelCase: PanelCaseID
    public var expectedVersion: Int?
    public var proposal: PanelDecisionProposal

    public init(_ panel: PanelID, _ panelCase: PanelCaseID, expectedVersion: Int?, proposal: PanelDecisionProposal) {
        self.panel = panel
        self.panelCase = panelCase
        self.expectedVersion = expectedVersion
        self.proposal = proposal
    }

    public func run(in context: UseCaseContext) throws -> VisibleCase {
        var hearing = try context.hearing(panel, panelCase)
        let deciders = hearing.panel.composition.deciders(for: hearing.parties)
        try Refusal.require(PanelAccess.sits(context.caller, members: hearing.panel.memberIDs) && deciders.contains(context.caller.personID),
                            "The decision is recorded by a member of this panel free to decide the case.")
        try Refusal.requireVersion(expectedVersion, current: hearing.record.version)
        guard hearing.panel.machine.state == .inSession else {
            throw Refusal.conflict("The panel is \(hearing.panel.machine.state.name); decisions are recorded in session.", kind: "panel-not-in-session")
        }
        guard deciders.count >= hearing.panel.quorum else {
            throw Refusal.conflict("Too few members free of conflict remain to decide this case (quorum \(hearing.panel.quorum)); the coordinator must move it.",
                                   kind: "not-quorate")
        }
        let participants = try takingPart(hearing, deciders: deciders, recorder: context.caller.personID)
        guard proposal.recommendationVersion == hearing.currentVersion else {
            throw Refusal.conflict("The recommendation was amended after the pack was issued (now version \(hearing.currentVersion)); read the pack again and decide on it.",
                                   kind: "recommendation-amended")
        }
        guard let recommended = hearing.recommendation.versions.last?.outcome else { throw Inconsistency("a listed recommendation with no version") }
        let decision = try PanelDecision.make(kind: proposal.kind, recommended: recommended, recommendationVersion: proposal.recommendationVersion,
                                              differentOutcome: proposal.outcome, reasons: proposal.reasons, evidenceRequired: proposal.evidenceRequired,
                                              deadline: proposal.deadline, sitsOn: hearing.panel.schedule.sitsOn)
        if let deadline = decision.deadline {
            // A new deadline cannot take the year past its cap: the year's own rule.
            let clock = try ClockRepository.clock(for: hearing.enrolment, on: context.connection)
            if deadline > clock.limit {
                throw RuleBreach(.yearCap, record: "the year started \(clock.start.spoken)", date: clock.limit,
                                 detail: "The year cannot run past \(clock.limit.spoken), \(clock.policy.maximumCalendarMonths) months from its start; "
                                     + "set a deadline on or before it.")
            }
        }
        do { _ = try hearing.record.machine.apply(.record(decision)) } catch { throw Refusal.caseTransition(error) }
        let recorded = try PanelCaseRepository.insertDecision(decision, case: hearing.record, participants: participants,
                                                              recordedBy: context.caller.personID, on: context.today,
                                                              organisation: context.organisation, on: context.connection)
        guard try PanelCaseRepository.save(hearing.record, organisation: context.organisation, action: "panel_case.decision_recorded",
                                           reason: decision.reasons, changes: recorded, actor: context.panelActor(), on: context.connection)
        else { throw Refusal.stale(current: hearing.record.version + 1) }
        return try context.visibleCase(panelCase, at: hearing.panel)
    }

    /// Who takes part: members present and free of conflict (those named, or
    /// all of them), including whoever records it; quorum is counted on them.
    private func takingPart(_ hearing: Hearing, deciders: Set<PersonID>, recorder: PersonID) throws -> Set<PersonID> {
        let present = hearing.agenda.present ?? hearing.panel.memberIDs
        let participants = proposal.participants ?? deciders.intersection(present)
        var issues = FieldIssues()
        for person in participants.sorted(by: { $0.description < $1.description }) {
            if !hearing.panel.memberIDs.contains(person) {
                issues.add("participantIds", "\(person) is not a member of this panel.")
            } else if !deciders.contains(person) {
                issues.add("participantIds", "\(hearing.agenda.names[person] ?? person.description) is conflicted for this case and cannot take part.")
            } else if !present.contains(person) {
                issues.add("participantIds", "\(hearing.agenda.names[person] ?? person.description) is not recorded as present.")
            }
        }
        if !participants.contains(recorder) { issues.add("participantIds", "You record the decision, so you take part in it.") }
        try issues.throwIfAny()
        guard participants.count >= hearing.panel.quorum else {
            throw Refusal.conflict("\(participants.count) members present and free of conflict take part; a decision needs \(hearing.panel.quorum). "
                + "Record who is present, or the coordinator moves the case.", kind: "not-quorate")
        }
        return participants
    }
}
