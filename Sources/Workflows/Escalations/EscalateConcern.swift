public import Foundation
public import Domain
internal import Store

/// The assessor, line manager or a coordinator escalates a serious or
/// fitness-to-practise concern to the principal social worker, saying why and
/// perhaps naming the support and action plan behind it, with a referral
/// pack assembled as things stand today.
public struct EscalateConcern: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var concern: ConcernID
    public var reason: String
    public var plan: UUID?
    /// The day it was escalated, when entered later: not after today, not
    /// before the concern was raised. The pack is assembled as of that day.
    public var occurredOn: CalendarDay?

    public init(_ enrolment: EnrolmentID, _ concern: ConcernID, reason: String, plan: UUID? = nil, occurredOn: CalendarDay? = nil) {
        self.occurredOn = occurredOn
        self.enrolment = enrolment
        self.concern = concern
        self.reason = reason
        self.plan = plan
    }

    public func run(in context: UseCaseContext) throws -> EscalationStatus {
        let record = try context.enrolmentForConcerns(enrolment)
        try Refusal.require(EnrolmentAccess.canRaiseConcern(context.caller, record.enrolment),
                            "A concern is escalated by the NQSW's assessor, line manager or a coordinator.")
        guard let raised = try ConcernRepository.find(concern, enrolment: enrolment, organisation: context.organisation, on: context.connection) else {
            throw Refusal.notFound("concern")
        }
        guard raised.severity != .developmental else {
            throw Refusal.conflict("Only a serious or fitness-to-practise concern is escalated to the PSW.", kind: "concern-not-serious")
        }
        var issues = FieldIssues()
        if reason.trimmingWhitespace().isEmpty { issues.add("reason", "Say why this is escalated to the principal social worker.") }
        if reason.count > 4000 { issues.add("reason", "At most 4000 characters.") }
        if let plan, try SupportPlanRepository.find(plan, enrolment: enrolment, organisation: context.organisation, on: context.connection) == nil {
            issues.add("planId", "No such support and action plan in this year.")
        }
        try issues.throwIfAny()
        let day = try OccurredOn.resolve(occurredOn, today: context.today, earliest: raised.raisedOn, after: "the concern was raised")
        let escalation = EscalationRecord(
            id: UUID(), enrolmentID: enrolment, concernID: concern, escalatedBy: context.caller.personID, escalatedOn: day,
            reason: reason, planID: plan, machine: Escalation(), acknowledgedOn: nil, decidedOn: nil,
            pack: try ReferralPack.assemble(record: record, concern: raised, asOf: day, on: context.connection), notes: [], version: 1)
        try EscalationRepository.insert(escalation, organisation: context.organisation, actor: context.actor(on: record.enrolment), on: context.connection)
        return try context.escalationStatus(escalation)
    }
}
