public import Domain
public import Store

/// The organisation's compliance report: every active year against the
/// supervision policy, as of a date. For coordinators.
public struct GetSupervisionCompliance: TransactionalUseCase {
    public var asOf: CalendarDay?

    public init(asOf: CalendarDay?) {
        self.asOf = asOf
    }

    public func run(in context: UseCaseContext) throws -> SupervisionComplianceReport {
        try Refusal.require(context.caller.holds(.coordinator), "The organisation's compliance report is for ASYE coordinators.")
        let day = asOf ?? context.today
        let calendar = try SupervisionRepository.calendar(on: context.connection)
        let policy = try PolicyRepository.supervision(for: context.organisation, on: context.connection).policy
        let sessions = try SupervisionRepository.sessions(in: context.organisation, on: context.connection)
        let absences = try ClockRepository.absences(in: context.organisation, on: context.connection)
        let rows = try EnrolmentRepository.visible(to: context.caller, limit: 500, offset: 0, on: context.connection)
            .filter { $0.enrolment.status == .active }
            .map { record in
                (record: record, compliance: SupervisionCompliance.check(
                    sessions: sessions[record.enrolment.id] ?? [], start: record.enrolment.startDate, policy: policy, calendar: calendar, asOf: day,
                    absences: absences[record.enrolment.id] ?? []))
            }
        return SupervisionComplianceReport(asOf: day, rows: rows)
    }
}

/// Each active year and its compliance, as of a date.
public struct SupervisionComplianceReport: Sendable {
    public var asOf: CalendarDay
    public var rows: [(record: EnrolmentRecord, compliance: SupervisionCompliance)]
}
