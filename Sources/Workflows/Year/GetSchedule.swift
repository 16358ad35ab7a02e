public import Domain
internal import Store

/// The year's review dates as of a date, with absences, extensions and the cap.
public struct GetSchedule: TransactionalUseCase {
    public var enrolment: EnrolmentID
    /// Nil means today.
    public var asOf: CalendarDay?

    public init(_ enrolment: EnrolmentID, asOf: CalendarDay?) {
        self.enrolment = enrolment
        self.asOf = asOf
    }

    public func run(in context: UseCaseContext) throws -> DatedClock {
        let record = try context.visibleEnrolment(enrolment)
        return DatedClock(clock: try ClockRepository.clock(for: record.enrolment, on: context.connection), asOf: asOf ?? context.today)
    }
}

/// A year's clock and the date its schedule is read at.
public struct DatedClock: Sendable {
    public var clock: YearClock
    public var asOf: CalendarDay
}
