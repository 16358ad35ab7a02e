public import Domain
public import Store

/// A coordinator changes a year's terms: hours, line manager or start date,
/// with a reason. The assessor changes through ``ChangeAssessor``, which
/// records the handover.
public struct ChangeEnrolmentTerms: TransactionalUseCase {
    public var enrolment: EnrolmentID
    /// The version the coordinator read (`If-Match`); nil for `*`.
    public var expectedVersion: Int?
    public var change: EnrolmentChange

    public init(_ enrolment: EnrolmentID, expectedVersion: Int?, change: EnrolmentChange) {
        self.enrolment = enrolment
        self.expectedVersion = expectedVersion
        self.change = change
    }

    public func run(in context: UseCaseContext) throws -> EnrolmentRecord {
        let current = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canChange(context.caller, current.enrolment), "Only ASYE coordinators change an enrolment's terms.")
        let version = expectedVersion ?? current.enrolment.version
        try Refusal.requireVersion(version, current: current.enrolment.version)
        let roles = try PeopleRepository.roles(of: change.peopleNamed, in: context.organisation, on: context.connection)
        let (updated, changes) = try current.enrolment.applying(change, roles: roles, today: context.today)
        let reason = change.reason.flatMap { $0.isEmpty ? nil : $0 }
        guard try EnrolmentRepository.update(updated, expectedVersion: version, changes: changes, reason: reason,
                                             actor: context.actor(.coordinator), on: context.connection)
        else {
            let latest = try EnrolmentRepository.find(enrolment, in: context.organisation, on: context.connection)
            throw Refusal.stale(current: latest?.enrolment.version ?? version + 1)
        }
        return try context.visibleEnrolment(enrolment)
    }
}
