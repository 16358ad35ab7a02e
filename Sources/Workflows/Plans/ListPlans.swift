public import Domain
public import Store

/// A year's support and action plans, to those who may see its concerns; HR
/// sees only plans handed to a formal procedure. Every read is audited.
public struct ListPlans: TransactionalUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> [PlanRecord] {
        let record = try context.enrolmentForConcerns(enrolment, includingHR: true)
        let escalated = try context.escalatedToPSW(enrolment)
        let visible = try SupportPlanRepository.plans(of: enrolment, organisation: context.organisation, on: context.connection)
            .filter { PlanAccess.canView(context.caller, record.enrolment, plan: $0.machine.state, escalated: escalated) }
        // HR has a matter here only through a plan handed to a formal procedure; without one the year is not
        // theirs to know of — the same 404 as a year that does not exist, never an empty list that confirms it does.
        if visible.isEmpty && !EnrolmentAccess.canViewConcerns(context.caller, record.enrolment, escalated: escalated) { throw Refusal.notFound("enrolment") }
        // Support and action plans are sensitive: every read is in the audit trail.
        try AuditLog.recordReads(of: .plan, visible.map(\.id), action: "plan.read", organisation: context.organisation,
                                 actor: context.actor(on: record.enrolment), on: context.connection)
        return visible
    }
}
