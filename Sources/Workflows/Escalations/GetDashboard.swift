public import Domain
internal import Store

/// Open matters for coordinators and the PSW: open concerns, plans in
/// progress or overdue for review, plans handed to a formal procedure, escalations awaiting acknowledgement or a
/// decision, and referrals made. Reading it reads escalations, so it is audited.
public struct GetDashboard: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> Dashboard {
        try Refusal.require(context.caller.holds(.coordinator) || context.caller.holds(.psw),
                            "The dashboard is for ASYE coordinators and the principal social worker.")
        let today = context.today
        let calendar = try SupervisionRepository.calendar(on: context.connection)
        let people = Dictionary(try PeopleRepository.people(in: context.organisation, on: context.connection).map { ($0.id, $0.name) },
                                uniquingKeysWith: { first, _ in first })
        let enrolments = try EnrolmentRepository.nqsws(in: context.organisation, on: context.connection)
        var rows: [Dashboard.Row] = []
        for (enrolment, nqsw) in enrolments {
            let name = people[nqsw] ?? ""
            for concern in try ConcernRepository.concerns(of: enrolment, organisation: context.organisation, on: context.connection) where concern.isOpen {
                let status = ConcernStatus(concern, calendar: calendar, asOf: today)
                rows.append(.init(kind: .openConcern, nqsw: name, enrolment: enrolment, state: concern.severity.rawValue, due: status.shareDue,
                                  overdue: status.shareOverdue && concern.sharedOn == nil))
            }
            for plan in try SupportPlanRepository.plans(of: enrolment, organisation: context.organisation, on: context.connection) {
                // A plan handed to a formal procedure stays on the board until the procedure's outcome is recorded.
                if case .escalated(let procedure, nil) = plan.machine.state {
                    rows.append(.init(kind: .escalatedPlan, nqsw: name, enrolment: enrolment, state: procedure, due: nil, overdue: false))
                }
                guard !plan.machine.state.hasOutcome else { continue }
                let overdue = plan.machine.state == .active && plan.nextReviewOn < today
                rows.append(.init(kind: overdue ? .overduePlanReview : .plan, nqsw: name, enrolment: enrolment, state: plan.machine.state.name,
                                  due: plan.nextReviewOn, overdue: overdue))
            }
        }
        let escalations = try EscalationRepository.escalations(in: context.organisation, on: context.connection)
        try context.recordEscalationReads(escalations.map(\.id))
        let nqswByEnrolment = Dictionary(enrolments.map { ($0.0, people[$0.1] ?? "") }, uniquingKeysWith: { first, _ in first })
        for escalation in escalations {
            let status = EscalationStatus(escalation, calendar: calendar, asOf: today)
            let name = nqswByEnrolment[escalation.enrolmentID] ?? ""
            switch escalation.machine.state {
            case .awaitingAcknowledgement:
                rows.append(.init(kind: .unacknowledgedEscalation, nqsw: name, enrolment: escalation.enrolmentID, state: escalation.machine.state.name,
                                  due: status.acknowledgeDue, overdue: today > status.acknowledgeDue))
            case .acknowledged:
                rows.append(.init(kind: .escalationAwaitingDecision, nqsw: name, enrolment: escalation.enrolmentID, state: escalation.machine.state.name,
                                  due: nil, overdue: false))
            case .decided(let decision) where !decision.referralGrounds.isEmpty:
                rows.append(.init(kind: .referral, nqsw: name, enrolment: escalation.enrolmentID,
                                  state: decision.referralGrounds.map(\.rawValue).joined(separator: "+"), due: decision.referredOn, overdue: false))
            case .decided:
                break
            }
        }
        return Dashboard(asOf: today, rows: rows.sorted { ($0.kind.rawValue, $0.nqsw) < ($1.kind.rawValue, $1.nqsw) })
    }
}

/// What needs someone's attention, one row per matter.
public struct Dashboard: Sendable {
    public struct Row: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case openConcern = "open_concern"
            case plan
            case overduePlanReview = "overdue_plan_review"
            /// Handed to the organisation's capability or disciplinary procedure, outcome awaited.
            case escalatedPlan = "escalated_plan"
            case unacknowledgedEscalation = "unacknowledged_escalation"
            case escalationAwaitingDecision = "escalation_awaiting_decision"
            case referral
        }

        public var kind: Kind
        public var nqsw: String
        public var enrolment: EnrolmentID
        public var state: String
        public var due: CalendarDay?
        public var overdue: Bool
    }

    public var asOf: CalendarDay
    public var rows: [Row]
}
