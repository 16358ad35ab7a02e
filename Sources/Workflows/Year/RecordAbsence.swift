public import Domain
internal import Store

/// The line manager or a coordinator records an absence (sickness, parental
/// leave…), which moves the year's dates pro rata.
public struct RecordAbsence: TransactionalUseCase {
    public var enrolment: EnrolmentID
    /// One of `Absence.Kind`'s raw values; checked by the domain with the dates.
    public var kind: String
    public var start: CalendarDay
    public var end: CalendarDay
    public var reason: String

    public init(_ enrolment: EnrolmentID, kind: String, start: CalendarDay, end: CalendarDay, reason: String) {
        self.enrolment = enrolment
        self.kind = kind
        self.start = start
        self.end = end
        self.reason = reason
    }

    public func run(in context: UseCaseContext) throws -> DatedClock {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canRecordAbsence(context.caller, record.enrolment),
                            "Absences are recorded by the line manager or a coordinator.")
        let absence = try Absence.validate(kind: kind, start: start, end: end, reason: reason, yearStart: record.enrolment.startDate)
        let existing = try ClockRepository.clock(for: record.enrolment, on: context.connection)
        if existing.absences.contains(where: { $0.start <= absence.end && absence.start <= $0.end }) {
            throw ValidationFailure(field: "start", message: "Overlaps an absence already recorded.")
        }
        _ = try ClockRepository.addAbsence(absence, to: record.enrolment, actor: context.actor(on: record.enrolment), on: context.connection)
        return DatedClock(clock: try ClockRepository.clock(for: record.enrolment, on: context.connection), asOf: context.today)
    }
}
