public import Domain
public import Store

/// The coordinator records a change of assessor: who takes over, from when,
/// the circumstances, and the outgoing assessor's handover (or why there is none).
public struct ChangeAssessor: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var expectedVersion: Int?
    public var assessor: PersonID
    public var changedOn: CalendarDay
    public var circumstances: String
    public var handoverNote: String?
    public var noHandoverReason: String?

    public init(_ enrolment: EnrolmentID, expectedVersion: Int?, assessor: PersonID, changedOn: CalendarDay, circumstances: String,
                handoverNote: String?, noHandoverReason: String?) {
        self.enrolment = enrolment
        self.expectedVersion = expectedVersion
        self.assessor = assessor
        self.changedOn = changedOn
        self.circumstances = circumstances
        self.handoverNote = handoverNote
        self.noHandoverReason = noHandoverReason
    }

    public func run(in context: UseCaseContext) throws -> EnrolmentRecord {
        let current = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canChange(context.caller, current.enrolment), "The ASYE coordinator records a change of assessor.")
        let version = expectedVersion ?? current.enrolment.version
        try Refusal.requireVersion(version, current: current.enrolment.version)
        if changedOn > context.today || changedOn < current.enrolment.startDate {
            throw ValidationFailure(field: "changedOn", message: "The change falls within the year so far (\(current.enrolment.startDate) to \(context.today)).")
        }
        let roles = try PeopleRepository.roles(of: [assessor], in: context.organisation, on: context.connection)
        let (updated, changes) = try current.enrolment.applying(EnrolmentChange(assessorID: assessor, reason: circumstances), roles: roles, today: context.today)
        let actor = context.actor(.coordinator)
        try AssessorChangeRepository.insert(.init(
            fromAssessor: current.enrolment.assessorID, toAssessor: assessor, changedOn: changedOn, circumstances: circumstances,
            handoverNote: handoverNote, noHandoverReason: noHandoverReason), enrolment: current.enrolment, actor: actor, on: context.connection)
        guard try EnrolmentRepository.update(updated, expectedVersion: version,
                                             changes: changes + [FieldChange(field: "changedOn", before: nil, after: changedOn.description)],
                                             reason: circumstances, actor: actor, on: context.connection)
        else { throw Refusal.stale(current: version + 1) }
        guard let record = try EnrolmentRepository.find(enrolment, in: context.organisation, on: context.connection) else {
            throw Refusal.notFound("enrolment")
        }
        return record
    }
}
