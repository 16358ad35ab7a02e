/// The steps of a support and action plan, by the names the API and the
/// audit trail use.
public enum PlanAction: String, Sendable, Hashable, CaseIterable {
    case edit
    case acknowledge
    case start
    case beginReview = "begin_review"
    case close
    case extend
    case escalate
    case recordProcedureOutcome = "record_procedure_outcome"
    case cancel
}

/// The organisation's formal procedures a plan can be handed to (seed 000).
public enum FormalProcedure: String, Sendable, Hashable, CaseIterable {
    case performance
    case capability
    case disciplinary
}

/// How an objective stood at a plan's review.
public enum ObjectiveOutcome: String, Sendable, Hashable, CaseIterable {
    case met
    case partlyMet = "partly_met"
    case notMet = "not_met"
}

/// One objective's outcome at a review, with a note.
public struct ObjectiveReview: Sendable, Hashable {
    public var number: Int
    public var outcome: ObjectiveOutcome
    public var note: String

    public init(number: Int, outcome: ObjectiveOutcome, note: String) {
        self.number = number
        self.outcome = outcome
        self.note = note
    }
}

/// Who may see a plan and take each step: the three parties acknowledge;
/// the assessor, line manager and coordinators run it; coordinators escalate
/// or cancel it; HR records the formal procedure's outcome and sees only
/// plans handed to a procedure.
public enum PlanAccess {
    /// The party the caller is to the plan, if any.
    public static func party(_ caller: Caller, _ enrolment: Enrolment) -> PlanParty? {
        switch EnrolmentAccess.reviewSigner(caller, enrolment) {
        case .nqsw: .nqsw
        case .assessor: .assessor
        case .lineManager: .lineManager
        case nil: nil
        }
    }

    /// Those who see the year's concerns see its plans; HR in the organisation
    /// sees a plan once it is escalated to a formal procedure.
    public static func canView(_ caller: Caller, _ enrolment: Enrolment, plan state: SupportAndActionPlan.State, escalated: Bool) -> Bool {
        if EnrolmentAccess.canViewConcerns(caller, enrolment, escalated: escalated) { return true }
        guard caller.holds(.hr), caller.organisationID == enrolment.organisationID else { return false }
        if case .escalated = state { return true }
        return false
    }

    public static func canApply(_ action: PlanAction, _ caller: Caller, _ enrolment: Enrolment) -> Bool {
        let party = party(caller, enrolment)
        let coordinator = EnrolmentAccess.canChange(caller, enrolment)
        let staff = party == .assessor || party == .lineManager || coordinator
        return switch action {
        case .acknowledge: party != nil
        case .edit, .start, .beginReview, .close, .extend: staff
        case .escalate, .cancel: coordinator
        case .recordProcedureOutcome: coordinator || (caller.holds(.hr) && caller.organisationID == enrolment.organisationID)
        }
    }
}
