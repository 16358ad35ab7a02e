public import Domain
public import Store

/// A coordinator enrols an NQSW for their year: setting, start, hours,
/// assessor and line manager, each checked against the roles they hold.
public struct EnrolNQSW: TransactionalUseCase {
    public var enrolment: NewEnrolment

    public init(_ enrolment: NewEnrolment) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> EnrolmentRecord {
        try Refusal.require(EnrolmentAccess.canEnrol(context.caller), "Only ASYE coordinators enrol NQSWs.")
        let roles = try PeopleRepository.roles(
            of: [enrolment.nqswID, enrolment.assessorID, enrolment.lineManagerID], in: context.organisation, on: context.connection)
        try enrolment.validate(roles: roles, today: context.today)
        let created = Enrolment(
            id: .random(), organisationID: context.organisation, nqswID: enrolment.nqswID, setting: enrolment.setting,
            startDate: enrolment.startDate, fte: enrolment.fte, assessorID: enrolment.assessorID, lineManagerID: enrolment.lineManagerID)
        try EnrolmentRepository.insert(created, actor: context.actor(.coordinator), on: context.connection)
        guard let record = try EnrolmentRepository.find(created.id, in: context.organisation, on: context.connection) else {
            throw Inconsistency("an enrolment just inserted was not found")
        }
        return record
    }
}
