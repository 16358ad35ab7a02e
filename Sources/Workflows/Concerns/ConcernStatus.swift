public import Domain
internal import Store

/// A concern with what its dates mean today: when it must be shared with the
/// NQSW and whether that is overdue, and — for everyone who sees the concern —
/// whether it was escalated and what was decided (never the deliberation).
public struct ConcernStatus: Sendable {
    public var concern: Concern
    public var shareDue: CalendarDay
    public var shareOverdue: Bool
    public var escalationState: String?
    public var escalationDecision: String?
    public var referredToSocialWorkEngland: Bool?

    init(_ concern: Concern, calendar: WorkingCalendar, asOf: CalendarDay, escalation: EscalationRecord? = nil) {
        self.concern = concern
        shareDue = concern.shareDue(calendar: calendar, withinWorkingDays: Deadlines.shareConcernWithinWorkingDays)
        shareOverdue = concern.isShareOverdue(calendar: calendar, withinWorkingDays: Deadlines.shareConcernWithinWorkingDays, asOf: asOf)
        if let escalation {
            escalationState = escalation.machine.state.name
            if case .decided(let decision) = escalation.machine.state {
                escalationDecision = decision.action.rawValue
                referredToSocialWorkEngland = !decision.referralGrounds.isEmpty
            }
        }
    }
}

/// Working-day limits the year's procedures set (the policy defaults).
enum Deadlines {
    /// A concern is shared with the NQSW within 5 working days.
    static let shareConcernWithinWorkingDays = 5
    /// The PSW acknowledges an escalation within 2 working days.
    static let acknowledgeEscalationWithinWorkingDays = 2
}
