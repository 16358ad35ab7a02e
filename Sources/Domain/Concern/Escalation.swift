/// Social Work England's published grounds for a fitness-to-practise referral.
public enum ReferralGround: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case misconduct
    case lackOfCompetence = "lack_of_competence"
    case convictionOrCaution = "conviction_or_caution"
    case adverseHealth = "adverse_health"
    case otherRegulatorFinding = "other_regulator_finding"
    case barring
    case englishLanguage = "english_language"

    public static func < (lhs: ReferralGround, rhs: ReferralGround) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The PSW's decision on an escalated concern, with reasons.
public struct EscalationDecision: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case noFurtherAction = "no_further_action"
        case continueSupport = "continue_support"
        case formalProcedure = "formal_procedure"
    }

    public var action: Action
    public var reasons: String
    /// A referral to Social Work England, alongside the action, if made.
    public var referralGrounds: [ReferralGround]
    public var referredOn: CalendarDay?
    /// The reference Social Work England gave the referral, once known.
    public var regulatorReference: String?

    public init(action: Action, reasons: String, referralGrounds: [ReferralGround] = [], referredOn: CalendarDay? = nil,
                regulatorReference: String? = nil) {
        self.action = action
        self.reasons = reasons
        self.referralGrounds = referralGrounds
        self.referredOn = referredOn
        self.regulatorReference = regulatorReference
    }

    /// Reasons in words; a referral names its grounds and date, or there is none.
    public func validate() throws(ValidationFailure) {
        var issues = FieldIssues()
        if reasons.trimmingWhitespace().isEmpty { issues.add("reasons", "Give the reasons for the decision.") }
        if referralGrounds.isEmpty != (referredOn == nil) {
            issues.add("referredOn", "A referral to Social Work England names its grounds and the date referred; give both or neither.")
        }
        if let regulatorReference, referredOn == nil || regulatorReference.trimmingWhitespace().isEmpty || regulatorReference.count > 100 {
            issues.add("regulatorReference", "Social Work England's reference (up to 100 characters) is recorded with a referral.")
        }
        try issues.throwIfAny()
    }
}

/// A serious concern escalated to the principal social worker, as a total
/// state machine: awaiting acknowledgement → acknowledged → decided.
public struct Escalation: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case awaitingAcknowledgement
        case acknowledged
        case decided(EscalationDecision)

        /// The state's name as stored and shown.
        public var name: String { kind.rawValue }

        /// Which state this is, without what it carries.
        public var kind: Kind {
            switch self {
            case .awaitingAcknowledgement: .awaitingAcknowledgement
            case .acknowledged: .acknowledged
            case .decided: .decided
            }
        }

        /// The states by name, as the schema's CHECK lists them; stored text decodes through this.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case awaitingAcknowledgement = "awaiting_acknowledgement"
            case acknowledged
            case decided
        }
    }

    public enum Event: Sendable, Hashable {
        case acknowledge
        /// A private note of the PSW's deliberation (never shown to the NQSW).
        case note
        case decide(EscalationDecision)
    }

    public enum Effect: Sendable, Hashable {
        case acknowledged
        case noted
        case decided(referred: Bool)
    }

    /// An event the current state does not allow, naming both.
    public typealias TransitionError = Domain.TransitionError<State, Event>

    public private(set) var state: State

    public init(state: State = .awaitingAcknowledgement) {
        self.state = state
    }

    public mutating func apply(_ event: Event) throws(TransitionError) -> [Effect] {
        switch state {
        case .awaitingAcknowledgement:
            switch event {
            case .acknowledge:
                state = .acknowledged
                return [.acknowledged]
            case .note, .decide:
                throw TransitionError(state: state, event: event, reason: "Acknowledge the escalation first.")
            }
        case .acknowledged:
            switch event {
            case .acknowledge:
                throw TransitionError(state: state, event: event, reason: "The escalation is already acknowledged.")
            case .note:
                return [.noted]
            case .decide(let decision):
                state = .decided(decision)
                return [.decided(referred: !decision.referralGrounds.isEmpty)]
            }
        case .decided:
            switch event {
            case .acknowledge, .note, .decide:
                throw TransitionError(state: state, event: event, reason: "The decision is recorded; a change is a new escalation.")
            }
        }
    }
}

extension EnrolmentAccess {
    /// The PSW and coordinators read every escalation of their organisation,
    /// whoever the NQSW is: their access needs no year looked up.
    public static func readsEveryEscalation(_ caller: Caller) -> Bool {
        caller.holds(.psw) || caller.holds(.coordinator)
    }

    /// Fitness-to-practise records: the PSW, coordinators, and the NQSW's
    /// assessor and line manager as they are now — not whoever escalated, who
    /// loses the matter with the relation (a change of assessor moves it at once).
    public static func canReadEscalation(_ caller: Caller, about enrolment: Enrolment) -> Bool {
        guard caller.organisationID == enrolment.organisationID else { return false }
        if readsEveryEscalation(caller) { return true }
        switch enrolment.relation(of: caller) {
        case .assessedNQSW: return caller.holds(.assessor)
        case .lineManagedNQSW: return caller.holds(.lineManager)
        case .ownEnrolment, .sameOrganisation, .otherOrganisation: return false
        }
    }
}
