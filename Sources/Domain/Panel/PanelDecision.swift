/// What a panel records for a case: the recommendation confirmed, or not
/// confirmed with reasons and what follows (seed 002's PASS / FAIL / DEFER).
public struct PanelDecision: Sendable, Hashable {
    /// How the panel answered the recommendation.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The recommendation stands.
        case confirm
        /// Not confirmed: the assessor must supply the evidence named by a deadline.
        case referBack = "refer_back"
        /// Not confirmed: the judgement cannot be made yet; an extension and a later panel.
        case deferral = "defer"
        /// Not confirmed: the panel reaches the other outcome, with reasons.
        case differentOutcome = "different_outcome"
    }

    /// The outcome recorded on the tracker. The ASYE ends only in PASS or FAIL;
    /// DEFER says the judgement is still to be made.
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        case pass = "PASS"
        case fail = "FAIL"
        case deferred = "DEFER"

        public init(_ recommended: RecommendedOutcome) {
            self = recommended == .pass ? .pass : .fail
        }

        /// The year's final result, if this outcome ends it.
        public var final: RecommendedOutcome? {
            switch self {
            case .pass: .pass
            case .fail: .fail
            case .deferred: nil
            }
        }
    }

    public var kind: Kind
    public var outcome: Outcome
    /// Why the recommendation was not confirmed (required unless confirmed).
    public var reasons: String?
    /// For a referral back: the evidence the panel needs.
    public var evidenceRequired: String?
    /// For a referral back or a deferral: when the case must be ready again.
    public var deadline: CalendarDay?
    /// The recommendation version the panel decided on.
    public var recommendationVersion: Int

    public init(kind: Kind, outcome: Outcome, reasons: String? = nil, evidenceRequired: String? = nil, deadline: CalendarDay? = nil, recommendationVersion: Int) {
        self.kind = kind
        self.outcome = outcome
        self.reasons = reasons
        self.evidenceRequired = evidenceRequired
        self.deadline = deadline
        self.recommendationVersion = recommendationVersion
    }

    /// Checks a decision as it is recorded, and works out its outcome. A new
    /// deadline falls after the panel's date (`sitsOn`); the year's cap is
    /// the use case's to check, as a rule of the year.
    public static func make(
        kind: Kind, recommended: RecommendedOutcome, recommendationVersion: Int, differentOutcome: RecommendedOutcome?,
        reasons: String?, evidenceRequired: String?, deadline: CalendarDay?, sitsOn: CalendarDay
    ) throws(ValidationFailure) -> PanelDecision {
        var issues = FieldIssues()
        let reasons = reasons?.trimmingWhitespace().isEmpty == false ? reasons : nil
        if kind != .confirm && reasons == nil {
            issues.add("reasons", "Give the panel's reasons for not confirming the recommendation.")
        }
        var outcome = Outcome(recommended)
        switch kind {
        case .confirm:
            if let differentOutcome, differentOutcome != recommended {
                issues.add("outcome", "A confirmation takes the recommendation's outcome (\(recommended.rawValue)); "
                    + "to reach \(differentOutcome.rawValue), record a different outcome with the panel's reasons.")
            }
        case .referBack, .deferral:
            outcome = .deferred
            if kind == .referBack && evidenceRequired?.trimmingWhitespace().isEmpty != false {
                issues.add("evidenceRequired", "Say what evidence the assessor must supply.")
            }
            if let deadline {
                if deadline <= sitsOn { issues.add("deadline", "The new deadline must be after the panel's date (\(sitsOn)).") }
            } else {
                issues.add("deadline", "Set the new deadline.")
            }
        case .differentOutcome:
            if let differentOutcome {
                if differentOutcome == recommended {
                    issues.add("outcome", "The panel's outcome is the recommendation's (\(recommended.rawValue)); record it as confirmed.")
                }
                outcome = Outcome(differentOutcome)
            } else {
                issues.add("outcome", "Give the panel's outcome: PASS or FAIL.")
            }
        }
        try issues.throwIfAny()
        return PanelDecision(
            kind: kind, outcome: outcome, reasons: reasons, evidenceRequired: kind == .referBack ? evidenceRequired : nil,
            deadline: kind == .referBack || kind == .deferral ? deadline : nil, recommendationVersion: recommendationVersion)
    }
}

/// A case listed at a panel, from listing to the panel's signed decision, as a
/// total state machine. A deciding member records what the panel decided
/// (two recording at once: one wins); the chair signs it off, and only then
/// does it take effect. A signed decision is immutable except for a
/// coordinator's correction between PASS and FAIL, itself a new record.
public struct PanelDecisionMachine: StateMachine, Hashable {
    public enum State: Sendable, Hashable {
        case listed
        /// Recorded, awaiting the chair's signature.
        case recorded(PanelDecision)
        case decided(PanelDecision.Outcome)
        case released

        /// Still before the panel: listed, or recorded and awaiting the chair.
        /// It holds a place at the panel and keeps it from closing.
        public var isPending: Bool {
            switch self {
            case .listed, .recorded: true
            case .decided, .released: false
            }
        }

        /// The state's name as stored and shown.
        public var name: String { kind.rawValue }

        /// Which state this is, without what it carries.
        public var kind: Kind {
            switch self {
            case .listed: .listed
            case .recorded: .recorded
            case .decided: .decided
            case .released: .released
            }
        }

        /// The states by name, as the schema's CHECK lists them; stored text decodes through this.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case listed
            case recorded
            case decided
            case released
        }
    }

    public enum Event: Sendable, Hashable {
        case record(PanelDecision)
        case sign
        case correct(to: PanelDecision.Outcome, reason: String)
        case release(reason: String)

        public var name: String {
            switch self {
            case .record: "record"
            case .sign: "sign"
            case .correct: "correct"
            case .release: "release"
            }
        }
    }

    public enum Effect: Sendable, Hashable {
        case recorded(PanelDecision.Outcome)
        case signed(PanelDecision.Outcome)
        /// PASS or FAIL: the enrolment's year is over.
        case closesYear(RecommendedOutcome)
        /// DEFER: list the case at the first suitable panel after the deadline.
        case relistAfter(CalendarDay)
        /// Referred back: the assessor adds the evidence and amends the recommendation by the deadline.
        case referredBack(by: CalendarDay)
        case corrected(from: PanelDecision.Outcome, to: PanelDecision.Outcome)
        case released
    }

    public typealias TransitionError = Domain.TransitionError<State, Event>

    public private(set) var state: State

    public init(state: State = .listed) {
        self.state = state
    }

    public mutating func apply(_ event: Event) throws(TransitionError) -> [Effect] {
        func refuse(_ reason: String) -> TransitionError { TransitionError(state: state, event: event, reason: reason) }
        switch state {
        case .listed:
            switch event {
            case .record(let decision):
                state = .recorded(decision)
                return [.recorded(decision.outcome)]
            case .release:
                state = .released
                return [.released]
            case .sign:
                throw refuse("No decision has been recorded for the chair to sign.")
            case .correct:
                throw refuse("The case has no decision to correct.")
            }
        case .recorded(let decision):
            switch event {
            case .sign:
                state = .decided(decision.outcome)
                var effects: [Effect] = [.signed(decision.outcome)]
                if let final = decision.outcome.final { effects.append(.closesYear(final)) }
                if let deadline = decision.deadline {
                    effects.append(decision.kind == .referBack ? .referredBack(by: deadline) : .relistAfter(deadline))
                }
                return effects
            case .record:
                throw refuse("A decision is already recorded for this case; a decision is recorded once.")
            case .release:
                // An unsigned decision has no effect; the case can still go to another panel.
                state = .released
                return [.released]
            case .correct:
                throw refuse("The decision is not signed yet; the chair signs it first.")
            }
        case .decided(let outcome):
            switch event {
            case .correct(let corrected, _):
                guard let from = outcome.final, let to = corrected.final else {
                    throw refuse("Only a PASS or FAIL is corrected, to the other; a deferred case is decided at its next panel.")
                }
                guard from != to else { throw refuse("The decision is already \(outcome.rawValue).") }
                state = .decided(corrected)
                return [.corrected(from: outcome, to: corrected), .closesYear(to)]
            case .record, .sign:
                throw refuse("The case is decided (\(outcome.rawValue)); a decision is recorded and signed once.")
            case .release:
                throw refuse("The case is decided; it cannot be released.")
            }
        case .released:
            switch event {
            case .record, .sign, .correct, .release:
                throw refuse("The case was released from this panel.")
            }
        }
    }
}
