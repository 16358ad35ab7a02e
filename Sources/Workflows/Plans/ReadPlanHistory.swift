public import Foundation
public import Domain
public import Store

/// A plan's history, to those who may see the plan: each version of its
/// content, who acknowledged which version and when, every objective review
/// with the day it happened and the day it was entered, and each step from
/// the audit trail. The read itself is audited, as plans are sensitive.
public struct ReadPlanHistory: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var plan: UUID

    public init(_ enrolment: EnrolmentID, plan: UUID) {
        self.enrolment = enrolment
        self.plan = plan
    }

    public func run(in context: UseCaseContext) throws -> PlanHistory {
        let (record, _) = try context.visiblePlan(enrolment, plan)
        try AuditLog.recordReads(of: .plan, [plan], action: "plan.history.read", organisation: context.organisation,
                                 actor: context.actor(on: record.enrolment), on: context.connection)
        var history = try SupportPlanRepository.history(of: plan, organisation: context.organisation, on: context.connection)
        // The plan's own steps; who read it belongs to the audit trail's read log.
        history.steps.removeAll { $0.action.rawValue.hasSuffix(".read") }
        return history
    }
}
