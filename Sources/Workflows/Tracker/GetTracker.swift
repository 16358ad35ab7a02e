public import Domain
public import Store

/// One year's ASYE tracker as of a date: reviews, observations, reflections,
/// the ticked checklist, the final report and the panel.
public struct GetTracker: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var asOf: CalendarDay?

    public init(_ enrolment: EnrolmentID, asOf: CalendarDay?) {
        self.enrolment = enrolment
        self.asOf = asOf
    }

    public func run(in context: UseCaseContext) throws -> TrackedYear {
        let record = try context.visibleEnrolment(enrolment)
        let day = asOf ?? context.today
        return TrackedYear(record: record, tracker: try TrackerRepository.tracker(for: record, asOf: day, on: context.connection), asOf: day)
    }
}

/// A year with its tracker, as of a date.
public struct TrackedYear: Sendable {
    public var record: EnrolmentRecord
    public var tracker: Tracker
    public var asOf: CalendarDay
}
