public import Domain
public import Store

/// Every recorded change to an enrolment and everything under it (evidence,
/// reviews, supervision, concerns, plans, escalations, the recommendation,
/// panel cases), oldest first: for coordinators. The read is recorded.
public struct ReadEnrolmentAudit: TransactionalUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> [AuditRecord] {
        _ = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canReadAudit(context.caller), "Only ASYE coordinators read the audit history.")
        let events = try AuditHistory.read(AuditQuery(enrolmentID: enrolment, limit: 100_000, oldestFirst: true), organisation: context.organisation,
                                           on: context.connection).items
        try AuditLog.recordReads(of: .enrolment, [enrolment.uuid], action: AuditAction.auditRead.rawValue, organisation: context.organisation,
                                 actor: context.actor(.coordinator), on: context.connection)
        return events
    }
}
