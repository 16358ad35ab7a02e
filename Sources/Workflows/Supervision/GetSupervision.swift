public import Domain
internal import Store

/// A year's supervision sessions and their compliance with the frequency policy, as of a date.
public struct GetSupervision: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var asOf: CalendarDay?

    public init(_ enrolment: EnrolmentID, asOf: CalendarDay?) {
        self.enrolment = enrolment
        self.asOf = asOf
    }

    public func run(in context: UseCaseContext) throws -> SupervisionRecord {
        let record = try context.visibleEnrolment(enrolment)
        let day = asOf ?? context.today
        let sessions = try SupervisionRepository.sessions(of: enrolment, organisation: context.organisation, on: context.connection)
        let compliance = SupervisionCompliance.check(
            sessions: sessions, start: record.enrolment.startDate,
            policy: try PolicyRepository.supervision(for: context.organisation, on: context.connection).policy,
            calendar: try SupervisionRepository.calendar(on: context.connection), asOf: day,
            absences: try ClockRepository.clock(for: record.enrolment, on: context.connection).absences)
        let allocations = try SupervisorAllocationRepository.allocations(of: enrolment, organisation: context.organisation, on: context.connection)
        return SupervisionRecord(sessions: sessions, compliance: compliance, asOf: day,
                                 supervisor: SupervisorRecord(enrolment: record.enrolment, allocations: allocations, today: context.today))
    }
}

/// Sessions and how they measure up, as of a date.
public struct SupervisionRecord: Sendable {
    public var sessions: [SupervisionSession]
    public var compliance: SupervisionCompliance
    public var asOf: CalendarDay
    /// Who supervises the NQSW, and since when.
    public var supervisor: SupervisorRecord
}
