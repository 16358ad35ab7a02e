import Domain
import PropertyBased
import Testing

/// Every state × event of the recommendation machine.
@Suite struct RecommendationMachineTests {
    typealias M = RecommendationMachine
    static let states: [M.State] = [.draft, .submitted(version: 1), .submitted(version: 2), .allocated(version: 2), .decided(version: 2), .withdrawn(reason: "left")]
    static let events: [M.Event] = [.submit, .amend(reason: "typo"), .allocate, .release, .decide(onVersion: 2), .decide(onVersion: 1),
                                     .deferJudgement(onVersion: 2), .deferJudgement(onVersion: 1), .withdraw(reason: "left"), .referByModeration]

    static func expected(_ state: M.State, _ event: M.Event) -> M.State? {
        switch (state, event) {
        case (.draft, .submit): .submitted(version: 1)
        case (.draft, .withdraw(let reason)), (.submitted, .withdraw(let reason)), (.allocated, .withdraw(let reason)): .withdrawn(reason: reason)
        case (.submitted(let version), .amend): .submitted(version: version + 1)
        case (.submitted(let version), .allocate): .allocated(version: version)
        case (.allocated(let version), .amend): .allocated(version: version + 1)
        case (.allocated(let version), .release): .submitted(version: version)
        case (.allocated(let version), .decide(let on)) where on == version: .decided(version: version)
        case (.allocated(let version), .deferJudgement(let on)) where on == version: .submitted(version: version)
        case (.decided(let version), .referByModeration): .submitted(version: version)
        default: nil
        }
    }

    @Test(arguments: states)
    func table(state: M.State) {
        checkTransitions(M.self, from: state, events: Self.events) { Self.expected($0, $1).map { ($0, nil) } }
    }

    /// A submission with unmet criteria needs a justification for each, named by criterion.
    @Test func submission_requiresJustificationPerUnmetFinding() {
        let findings = [SufficiencyFinding(criterion: .accurate, reasons: []),
                        SufficiencyFinding(criterion: .robust, reasons: [.init(.portfolio, "1 of 4 items verified.", remedy: "Verify them.")])]
        #expect(throws: ValidationFailure.self) {
            try RecommendationSubmission.validate(outcome: .pass, rationale: "Consistently good", findings: findings, justifications: [:])
        }
        #expect(throws: Never.self) {
            try RecommendationSubmission.validate(outcome: .pass, rationale: "Consistently good", findings: findings,
                                                  justifications: [.robust: "Verification backlog; the assessor observed every item first-hand."])
        }
    }
}

@Suite struct PanelCompositionTests {
    let chair = PersonID.random()
    let a = PersonID.random()
    let b = PersonID.random()
    let c = PersonID.random()

    /// Three including the chair make a quorum; a case conflicting out a member below quorum is refused with the reason.
    @Test func quorumAndConflicts() throws {
        #expect(throws: ValidationFailure.self) { try PanelComposition(chair: chair, members: [a]).validate() }
        let panel = PanelComposition(chair: chair, members: [a, b, c])
        try panel.validate()
        let clean = PanelComposition.CaseParties(nqsw: .random(), assessor: .random(), lineManager: .random())
        try panel.checkCanHear(clean)
        let assessedByA = PanelComposition.CaseParties(nqsw: .random(), assessor: a, lineManager: .random(), declaredConflicts: [b])
        #expect(panel.deciders(for: assessedByA) == [chair, c])
        #expect(throws: ValidationFailure.self) { try panel.checkCanHear(assessedByA) }
        let chairIsManager = PanelComposition.CaseParties(nqsw: .random(), assessor: .random(), lineManager: chair)
        #expect(throws: ValidationFailure.self) { try panel.checkCanHear(chairIsManager) }
    }
}

@Suite struct ModerationSampleTests {
    static func cases(_ seeds: [Int]) -> [ModerationSample.Case] {
        seeds.map { seed in
            ModerationSample.Case(id: .random(), outcome: seed % 7 == 0 ? .fail : .pass, borderline: seed % 11 == 0, grade: seed % 13 == 0 ? 3 : nil)
        }
    }

    /// The same seed gives the same sample; every FAIL, borderline and near miss is always in it; the share of the rest is rounded up.
    @Test func sample_isReproducibleAndComplete() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...10_000).array(of: 0...60), Gen.int(in: 0...1_000_000)) { seeds, seed in
            let all = Self.cases(seeds)
            let first = ModerationSample.draw(all, share: 0.1, seed: UInt64(seed))
            let second = ModerationSample.draw(all.reversed(), share: 0.1, seed: UInt64(seed))
            #expect(first == second)
            let required = all.filter { $0.outcome == .fail || $0.borderline || $0.grade == 3 }.map(\.id)
            #expect(Set(required).isSubset(of: Set(first)))
            let restCount = all.count - required.count
            #expect(first.count == required.count + Int((Double(restCount) * 0.1).rounded(.up)))
        }
    }

    /// A different seed usually picks a different share of the rest.
    @Test func sample_dependsOnSeed() {
        let all = Self.cases(Array(1...200).filter { $0 % 7 != 0 && $0 % 11 != 0 && $0 % 13 != 0 })
        let samples = Set((0..<5).map { ModerationSample.draw(all, share: 0.1, seed: UInt64($0)) })
        #expect(samples.count > 1)
    }
}

/// Every state × event of the panel machine.
@Suite struct PanelMachineTests {
    typealias M = PanelMachine
    static let states: [M.State] = [.draft, .scheduled, .inSession, .closed, .cancelled(reason: "room")]
    static let events: [M.Event] = [.schedule, .reschedule(reason: "chair ill", casesMove: true), .reschedule(reason: "chair ill", casesMove: false),
                                    .open, .close, .cancel(reason: "no quorum")]

    static func expected(_ state: M.State, _ event: M.Event) -> (M.State, [M.Effect])? {
        switch (state, event) {
        case (.draft, .schedule): (.scheduled, [.scheduled])
        case (.draft, .reschedule): (.draft, [.rescheduled])
        case (.draft, .cancel(let reason)): (.cancelled(reason: reason), [.cancelled])
        case (.scheduled, .reschedule(_, true)): (.scheduled, [.rescheduled])
        case (.scheduled, .reschedule(_, false)): (.scheduled, [.rescheduled, .listedCasesReleased])
        case (.scheduled, .open): (.inSession, [.opened])
        case (.scheduled, .cancel(let reason)): (.cancelled(reason: reason), [.cancelled, .listedCasesReleased])
        case (.inSession, .close): (.closed, [.closed, .listedCasesReleased])
        default: nil
        }
    }

    @Test(arguments: states)
    func table(state: M.State) {
        checkTransitions(M.self, from: state, events: Self.events) { Self.expected($0, $1).map { ($0, $1) } }
    }

    /// Packs are open to members only from scheduling until the panel closes.
    @Test func packsOpen_onlyWhileScheduledOrSitting() {
        #expect(Self.states.filter(\.packsOpen) == [.scheduled, .inSession])
    }
}

/// Every state × event of a case's decision at a panel.
@Suite struct PanelDecisionMachineTests {
    typealias M = PanelDecisionMachine
    static let today = CalendarDay(year: 2026, month: 11, day: 24)!
    static let confirmPass = PanelDecision(kind: .confirm, outcome: .pass, recommendationVersion: 1)
    static let deferral = PanelDecision(kind: .deferral, outcome: .deferred, reasons: "Leave", deadline: today.adding(days: 60), recommendationVersion: 1)
    static let referral = PanelDecision(kind: .referBack, outcome: .deferred, reasons: "Gaps", evidenceRequired: "Two observations",
                                        deadline: today.adding(days: 30), recommendationVersion: 1)
    static let states: [M.State] = [.listed, .recorded(confirmPass), .recorded(deferral), .recorded(referral), .decided(.pass), .decided(.fail),
                                    .decided(.deferred), .released]
    static let events: [M.Event] = [.record(confirmPass), .sign, .correct(to: .fail, reason: "Recorded wrongly"),
                                    .correct(to: .pass, reason: "Recorded wrongly"), .correct(to: .deferred, reason: "x"), .release(reason: "moved")]

    static func expected(_ state: M.State, _ event: M.Event) -> (M.State, [M.Effect])? {
        switch (state, event) {
        case (.listed, .record(let decision)): (.recorded(decision), [.recorded(decision.outcome)])
        case (.listed, .release), (.recorded, .release): (.released, [.released])
        case (.recorded(let decision), .sign) where decision == confirmPass: (.decided(.pass), [.signed(.pass), .closesYear(.pass)])
        case (.recorded(let decision), .sign) where decision == deferral: (.decided(.deferred), [.signed(.deferred), .relistAfter(today.adding(days: 60))])
        case (.recorded(let decision), .sign) where decision == referral: (.decided(.deferred), [.signed(.deferred), .referredBack(by: today.adding(days: 30))])
        case (.decided(.pass), .correct(.fail, _)): (.decided(.fail), [.corrected(from: .pass, to: .fail), .closesYear(.fail)])
        case (.decided(.fail), .correct(.pass, _)): (.decided(.pass), [.corrected(from: .fail, to: .pass), .closesYear(.pass)])
        default: nil
        }
    }

    @Test(arguments: states)
    func table(state: M.State) {
        checkTransitions(M.self, from: state, events: Self.events) { Self.expected($0, $1).map { ($0, $1) } }
    }

    /// Not confirming needs reasons; each kind needs its own details; the outcome follows from the kind;
    /// a confirmation cannot carry another outcome; a new deadline falls after the panel's date.
    @Test func decision_validation() throws {
        let today = Self.today
        func make(_ kind: PanelDecision.Kind, different: RecommendedOutcome? = nil, reasons: String? = nil, evidence: String? = nil,
                  deadline: CalendarDay? = nil) throws(ValidationFailure) -> PanelDecision {
            try PanelDecision.make(kind: kind, recommended: .pass, recommendationVersion: 2, differentOutcome: different, reasons: reasons,
                                   evidenceRequired: evidence, deadline: deadline, sitsOn: today)
        }
        #expect(try make(.confirm).outcome == .pass)
        #expect(try make(.confirm, different: .pass).outcome == .pass, "the same outcome may be named")
        #expect(throws: ValidationFailure.self) { try make(.confirm, different: .fail) }
        #expect(throws: ValidationFailure.self) { try make(.deferral, reasons: "Leave", deadline: today.adding(days: -1)) }
        #expect(throws: ValidationFailure([FieldIssue(field: "reasons", message: "Give the panel's reasons for not confirming the recommendation.")])) {
            try make(.differentOutcome, different: .fail)
        }
        #expect(try make(.differentOutcome, different: .fail, reasons: "Values").outcome == .fail)
        #expect(throws: ValidationFailure.self) { try make(.differentOutcome, different: .pass, reasons: "Same") }
        #expect(throws: ValidationFailure.self) { try make(.referBack, reasons: "Gaps", deadline: today.adding(days: 10)) }
        #expect(throws: ValidationFailure.self) { try make(.deferral, reasons: "Leave", deadline: today) }
        let deferred = try make(.deferral, reasons: "Leave", evidence: "ignored", deadline: today.adding(days: 10))
        #expect(deferred.outcome == .deferred && deferred.evidenceRequired == nil && deferred.recommendationVersion == 2)
    }
}

/// Listing a case: a scheduled panel with room, before its evidence deadline,
/// sitting after the case's own deadline, with a quorum free of conflict.
@Suite struct PanelAllocationTests {
    static let today = CalendarDay(year: 2026, month: 11, day: 24)!
    let chair = PersonID.random(), a = PersonID.random(), b = PersonID.random()

    func candidate(on day: CalendarDay, listed: Int = 0, capacity: Int = 2, state: PanelMachine.State = .scheduled) -> PanelAllocation.Candidate {
        PanelAllocation.Candidate(
            state: state,
            schedule: PanelSchedule(sitsOn: day, startsAt: 600, endsAt: 720, location: "Room 1", capacity: capacity, evidenceDeadline: day.adding(days: -7)),
            composition: PanelComposition(chair: chair, members: [a, b]), listed: listed)
    }

    @Test func refusals() {
        let parties = PanelComposition.CaseParties(nqsw: .random(), assessor: .random(), lineManager: .random())
        let soon = Self.today.adding(days: 14)
        #expect(throws: AllocationRefusal.notScheduled(state: "draft")) { try PanelAllocation.check(candidate(on: soon, state: .draft), parties: parties, caseDeadline: nil, today: Self.today) }
        #expect(throws: AllocationRefusal.full(capacity: 2)) { try PanelAllocation.check(candidate(on: soon, listed: 2), parties: parties, caseDeadline: nil, today: Self.today) }
        #expect(throws: AllocationRefusal.evidenceDeadlinePassed(Self.today.adding(days: -4))) {
            try PanelAllocation.check(candidate(on: Self.today.adding(days: 3)), parties: parties, caseDeadline: nil, today: Self.today)
        }
        #expect(throws: AllocationRefusal.sitsBeforeCaseDeadline(panel: soon, caseDeadline: soon)) {
            try PanelAllocation.check(candidate(on: soon), parties: parties, caseDeadline: soon, today: Self.today)
        }
        let conflicted = PanelComposition.CaseParties(nqsw: .random(), assessor: a, lineManager: .random())
        #expect { try PanelAllocation.check(candidate(on: soon), parties: conflicted, caseDeadline: nil, today: Self.today) } throws: {
            if case .conflicted = $0 as? AllocationRefusal { return true } else { return false }
        }
        #expect(throws: Never.self) { try PanelAllocation.check(candidate(on: soon), parties: parties, caseDeadline: nil, today: Self.today) }
    }

    /// A deferred case goes to the earliest panel that sits after its deadline and can take it.
    @Test func firstSuitable_isEarliestAfterDeadline() {
        let parties = PanelComposition.CaseParties(nqsw: .random(), assessor: .random(), lineManager: .random())
        let panels = [candidate(on: Self.today.adding(days: 90)), candidate(on: Self.today.adding(days: 20)),
                      candidate(on: Self.today.adding(days: 50), listed: 2), candidate(on: Self.today.adding(days: 60))]
        #expect(PanelAllocation.firstSuitable(panels, parties: parties, caseDeadline: Self.today.adding(days: 30), today: Self.today) == 3)
        #expect(PanelAllocation.firstSuitable(panels, parties: parties, caseDeadline: Self.today.adding(days: 95), today: Self.today) == nil)
    }
}

@Suite struct ModerationReviewTests {
    @Test func disagreement_needsCriteria() throws {
        #expect(throws: ValidationFailure.self) { try ModerationReview(verdict: .disagree, comments: [.robust: "  "]).validate() }
        let review = ModerationReview(verdict: .disagree, comments: [.sufficient: "Only two observations"])
        try review.validate()
        #expect(review.opensDispute)
        #expect(!ModerationReview(verdict: .agree, comments: [:]).opensDispute)
    }
}

/// Applies every event to a machine in `state`: an expected transition moves
/// it to the expected state (with the expected effects, when given); any other
/// event is refused with an error naming the state and the event, and leaves
/// the machine as it was.
func checkTransitions<M: StateMachine>(
    _ type: M.Type, from state: M.State, events: [M.Event], expected: (M.State, M.Event) -> (M.State, [M.Effect]?)?,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for event in events {
        var machine = M(state: state)
        if let (next, effects) = expected(state, event) {
            let produced = try? machine.apply(event)
            #expect(produced != nil, "\(state) + \(event)", sourceLocation: sourceLocation)
            if let effects { #expect(produced == effects, "\(state) + \(event)", sourceLocation: sourceLocation) }
            #expect(machine.state == next, sourceLocation: sourceLocation)
        } else {
            #expect(sourceLocation: sourceLocation) { try machine.apply(event) } throws: { error in
                let refusal = error as? TransitionError<M.State, M.Event>
                return refusal?.state == state && refusal?.event == event
            }
            #expect(machine.state == state, sourceLocation: sourceLocation)
        }
    }
}
