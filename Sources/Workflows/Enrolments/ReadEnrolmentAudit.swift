public import Domain
public import Store

/// The recorded changes to an enrolment, oldest first: for coordinators.
public struct ReadEnrolmentAudit: TransactionalUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> [AuditRecord] {
        _ = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canReadAudit(context.caller), "Only ASYE coordinators read the audit history.")
        return try AuditLog.history(of: .enrolment, id: enrolment.uuid, organisation: context.organisation, on: context.connection)
    }
}
