public import Domain
public import Store

/// The coordinator records a change of assessor: who takes over, from when,
/// the circumstances, and the formal handover — its date, who attended, the
/// plan for continuing support — or the exceptional reason there was none.
public struct ChangeAssessor: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var expectedVersion: Int?
    public var assessor: PersonID
    public var changedOn: CalendarDay
    public var circumstances: String
    public var handover: Handover.Request

    public init(_ enrolment: EnrolmentID, expectedVersion: Int?, assessor: PersonID, changedOn: CalendarDay, circumstances: String,
                handover: Handover.Request) {
        self.enrolment = enrolment
        self.expectedVersion = expectedVersion
        self.assessor = assessor
        self.changedOn = changedOn
        self.circumstances = circumstances
        self.handover = handover
    }

    public func run(in context: UseCaseContext) throws -> EnrolmentRecord {
        let current = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canChange(context.caller, current.enrolment), "The ASYE coordinator records a change of assessor.")
        let version = expectedVersion ?? current.enrolment.version
        try Refusal.requireVersion(version, current: current.enrolment.version)
        if changedOn > context.today || changedOn < current.enrolment.startDate {
            throw ValidationFailure(field: "changedOn", message: "The change falls within the year so far (\(current.enrolment.startDate) to \(context.today)).")
        }
        let roles = try PeopleRepository.roles(of: [assessor] + handover.attendees, in: context.organisation, on: context.connection)
        let (updated, changes) = try current.enrolment.applying(EnrolmentChange(assessorID: assessor, reason: circumstances), roles: roles, today: context.today)
        let handedOver = try Handover.validate(handover, from: current.enrolment.assessorID, to: assessor, roles: roles,
                                               yearStart: current.enrolment.startDate, today: context.today)
        let actor = context.actor(.coordinator)
        try AssessorChangeRepository.insert(.init(
            fromAssessor: current.enrolment.assessorID, toAssessor: assessor, changedOn: changedOn, circumstances: circumstances,
            handover: handedOver), enrolment: current.enrolment, actor: actor, on: context.connection)
        guard try EnrolmentRepository.update(updated, expectedVersion: version,
                                             changes: changes + [FieldChange(field: "changedOn", before: nil, after: changedOn.description),
                                                       FieldChange(field: "handover", before: nil, after: Self.describe(handedOver))],
                                             reason: circumstances, actor: actor, on: context.connection)
        else { throw Refusal.stale(current: version + 1) }
        guard let record = try EnrolmentRepository.find(enrolment, in: context.organisation, on: context.connection) else {
            throw Refusal.notFound("enrolment")
        }
        return record
    }

    /// The handover as the audit trail shows it.
    static func describe(_ handover: Handover) -> String {
        switch handover {
        case .held(let held): "held \(held.heldOn) with \(held.attendees.count) attending"
        case .none(let none): "none: \(none.exception.rawValue)"
        }
    }
}
