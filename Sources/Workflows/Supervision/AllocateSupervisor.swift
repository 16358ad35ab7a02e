public import Domain
internal import Store

/// A coordinator moves the NQSW's supervision to the line manager or the
/// assessor from a day (today, or a day past when entered later), saying why.
/// The change is kept beside the earlier ones, never over them.
public struct AllocateSupervisor: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var relation: SupervisorAllocation.Relation
    public var fromOn: CalendarDay?
    public var reason: String

    public init(_ enrolment: EnrolmentID, relation: SupervisorAllocation.Relation, fromOn: CalendarDay?, reason: String) {
        self.enrolment = enrolment
        self.relation = relation
        self.fromOn = fromOn
        self.reason = reason
    }

    public func run(in context: UseCaseContext) throws -> SupervisorRecord {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canChange(context.caller, record.enrolment), "A coordinator allocates the NQSW's supervisor.")
        let earlier = try SupervisorAllocationRepository.allocations(of: enrolment, organisation: context.organisation, lockingYear: true,
                                                                     on: context.connection)
        let enrolled = record.enrolment
        let allocation = SupervisorAllocation(relation: relation, supervisorID: SupervisorAllocation.person(relation, of: enrolled),
                                              fromOn: fromOn ?? context.today, reason: reason, recordedBy: context.caller.personID)
        try SupervisorAllocation.validate(allocation, after: earlier, start: enrolled.startDate, today: context.today)
        try SupervisorAllocationRepository.insert(allocation, enrolment: enrolment,
                                                  previous: SupervisorAllocation.relation(on: allocation.fromOn, in: earlier),
                                                  organisation: context.organisation, actor: context.actor(.coordinator), on: context.connection)
        return SupervisorRecord(enrolment: enrolled, allocations: earlier + [allocation], today: context.today)
    }
}

/// Who supervises the NQSW now, and every change of supervisor.
public struct SupervisorRecord: Sendable {
    public var relation: SupervisorAllocation.Relation
    /// Whoever holds the relation now.
    public var supervisorID: PersonID
    public var allocations: [SupervisorAllocation]

    public init(enrolment: Enrolment, allocations: [SupervisorAllocation], today: CalendarDay) {
        relation = SupervisorAllocation.relation(on: today, in: allocations)
        supervisorID = SupervisorAllocation.person(relation, of: enrolment)
        self.allocations = allocations
    }
}
