/// The three people who must acknowledge a support and action plan before it starts.
public enum PlanParty: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case nqsw
    case assessor
    case lineManager = "line_manager"

    public static func < (lhs: PlanParty, rhs: PlanParty) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// The support and action plan for an NQSW who is struggling, as a total
/// state machine (seed 000: put in place and formally managed under the
/// organisation's performance / capability / disciplinary procedures).
///
/// draft → agreed (NQSW, assessor and line manager have all acknowledged) →
/// active → under review → closed (objectives met), extended (back to active
/// with new dates, within the policy's limit), escalated to a formal
/// procedure (HR takes over), or cancelled with a reason. A change to a
/// draft clears its acknowledgements: everyone acknowledges the same plan.
public struct SupportAndActionPlan: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case draft(acknowledged: Set<PlanParty>)
        case agreed
        case active
        case underReview
        case closed
        case escalated(procedure: String, outcome: String?)
        case cancelled(reason: String)

        /// The state's name as stored and shown.
        public var name: String { kind.rawValue }

        /// Which state this is, without what it carries.
        public var kind: Kind {
            switch self {
            case .draft: .draft
            case .agreed: .agreed
            case .active: .active
            case .underReview: .underReview
            case .closed: .closed
            case .escalated: .escalated
            case .cancelled: .cancelled
            }
        }

        /// The states by name, as the schema's CHECK lists them; stored text decodes through this.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case draft
            case agreed
            case active
            case underReview = "under_review"
            case closed
            case escalated
            case cancelled
        }

        /// Closed, escalated or cancelled: the plan has an outcome.
        public var hasOutcome: Bool {
            switch self {
            case .closed, .escalated, .cancelled: true
            case .draft, .agreed, .active, .underReview: false
            }
        }
    }

    public enum Event: Sendable, Hashable {
        /// The draft's content changed.
        case edit
        case acknowledge(PlanParty)
        case start
        case beginReview
        /// All objectives met: the plan ends.
        case close
        /// More time, with a reason; back to active.
        case extend(reason: String)
        /// Handed to the organisation's formal procedure.
        case escalate(procedure: String)
        /// The formal procedure's outcome, once known.
        case recordProcedureOutcome(String)
        case cancel(reason: String)
    }

    public enum Effect: Sendable, Hashable {
        case contentChanged(acknowledgementsCleared: Bool)
        case acknowledged(PlanParty)
        case agreed
        case activated
        case reviewStarted
        case closed
        case extended(count: Int)
        case escalated(procedure: String)
        case procedureOutcomeRecorded
        case cancelled
    }

    /// An event the current state does not allow, naming both.
    public typealias TransitionError = Domain.TransitionError<State, Event>

    public private(set) var state: State
    public private(set) var extensions: Int
    /// The policy's limit on extensions.
    public let maximumExtensions: Int

    public init(state: State = .draft(acknowledged: []), extensions: Int = 0, maximumExtensions: Int = 2) {
        self.state = state
        self.extensions = extensions
        self.maximumExtensions = maximumExtensions
    }

    public mutating func apply(_ event: Event) throws(TransitionError) -> [Effect] {
        func refuse(_ reason: String) -> TransitionError { TransitionError(state: state, event: event, reason: reason) }
        switch state {
        case .draft(let acknowledged):
            switch event {
            case .edit:
                state = .draft(acknowledged: [])
                return [.contentChanged(acknowledgementsCleared: !acknowledged.isEmpty)]
            case .acknowledge(let party):
                guard !acknowledged.contains(party) else { throw refuse("The \(party.rawValue) has already acknowledged this plan.") }
                let all = acknowledged.union([party])
                if all.count == PlanParty.allCases.count {
                    state = .agreed
                    return [.acknowledged(party), .agreed]
                }
                state = .draft(acknowledged: all)
                return [.acknowledged(party)]
            case .start:
                let missing = Set(PlanParty.allCases).subtracting(acknowledged).sorted().map(\.rawValue)
                throw refuse("The plan cannot start before the NQSW, assessor and line manager have all acknowledged it (waiting for: \(missing.joined(separator: ", "))).")
            case .cancel:
                state = .cancelled(reason: Self.reason(event))
                return [.cancelled]
            case .beginReview, .close, .extend, .escalate, .recordProcedureOutcome:
                throw refuse("A draft plan has not started.")
            }
        case .agreed:
            switch event {
            case .start:
                state = .active
                return [.activated]
            case .cancel:
                state = .cancelled(reason: Self.reason(event))
                return [.cancelled]
            case .edit, .acknowledge:
                throw refuse("The plan has been agreed; changing it means a new plan.")
            case .beginReview, .close, .extend, .escalate, .recordProcedureOutcome:
                throw refuse("The agreed plan has not started.")
            }
        case .active:
            switch event {
            case .beginReview:
                state = .underReview
                return [.reviewStarted]
            case .escalate(let procedure):
                state = .escalated(procedure: procedure, outcome: nil)
                return [.escalated(procedure: procedure)]
            case .cancel:
                state = .cancelled(reason: Self.reason(event))
                return [.cancelled]
            case .edit, .acknowledge, .start:
                throw refuse("The plan is active.")
            case .close, .extend, .recordProcedureOutcome:
                throw refuse("Review the objectives first: a plan closes or extends at a review.")
            }
        case .underReview:
            switch event {
            case .close:
                state = .closed
                return [.closed]
            case .extend:
                guard extensions < maximumExtensions else {
                    throw refuse("The plan has been extended \(extensions) times, the policy's limit; close it, escalate it or cancel it.")
                }
                extensions += 1
                state = .active
                return [.extended(count: extensions)]
            case .escalate(let procedure):
                state = .escalated(procedure: procedure, outcome: nil)
                return [.escalated(procedure: procedure)]
            case .cancel:
                state = .cancelled(reason: Self.reason(event))
                return [.cancelled]
            case .edit, .acknowledge, .start, .beginReview, .recordProcedureOutcome:
                throw refuse("The plan is under review: record its outcome.")
            }
        case .escalated(let procedure, let outcome):
            switch event {
            case .recordProcedureOutcome(let result):
                guard outcome == nil else { throw refuse("The procedure's outcome is already recorded.") }
                state = .escalated(procedure: procedure, outcome: result)
                return [.procedureOutcomeRecorded]
            case .edit, .acknowledge, .start, .beginReview, .close, .extend, .escalate, .cancel:
                throw refuse("The plan was escalated to the \(procedure) procedure; HR manages it now.")
            }
        case .closed, .cancelled:
            switch event {
            case .edit, .acknowledge, .start, .beginReview, .close, .extend, .escalate, .recordProcedureOutcome, .cancel:
                throw refuse("The plan has ended (\(state.name)).")
            }
        }
    }

    private static func reason(_ event: Event) -> String {
        if case .cancel(let reason) = event { return reason }
        return ""
    }
}

/// How a support and action plan closed: its objectives met or not, and the
/// evidence that shows it. (Escalation to a formal procedure is its own state.)
public struct PlanClosing: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        case met
        case notMet = "not_met"
    }

    public var outcome: Outcome
    public var evidence: String

    public init(outcome: Outcome, evidence: String) {
        self.outcome = outcome
        self.evidence = evidence
    }
}
