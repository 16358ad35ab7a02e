public import Domain
public import Store

/// What someone does to a support and action plan, with what that needs.
public enum PlanCommand: Sendable, Hashable {
    /// Changes a draft (clearing its acknowledgements): only what is given changes.
    case edit(support: String?, nextReviewOn: CalendarDay?, objectives: [PlanRecord.Objective]?)
    /// The caller acknowledges as the party they are; the NQSW may comment.
    case acknowledge(comments: String?)
    case start
    /// A review: every objective met, partly met or not met.
    case beginReview([ObjectiveReview])
    /// Ends the plan at a review: its objectives met (every one) or not met, with the evidence.
    case close(PlanClosing)
    case extend(reason: String, nextReviewOn: CalendarDay)
    case escalate(procedure: FormalProcedure)
    case recordProcedureOutcome(String)
    case cancel(reason: String)

    /// The name the API and the audit trail use.
    public var action: PlanAction {
        switch self {
        case .edit: .edit
        case .acknowledge: .acknowledge
        case .start: .start
        case .beginReview: .beginReview
        case .close: .close
        case .extend: .extend
        case .escalate: .escalate
        case .recordProcedureOutcome: .recordProcedureOutcome
        case .cancel: .cancel
        }
    }
}
