public import Domain
internal import Store

/// Every active year's tracker on one screen, as of a date. For coordinators.
public struct GetCohortTracker: TransactionalUseCase {
    public var asOf: CalendarDay?

    public init(asOf: CalendarDay?) {
        self.asOf = asOf
    }

    public func run(in context: UseCaseContext) throws -> [TrackedYear] {
        try Refusal.require(context.caller.holds(.coordinator), "The cohort tracker is for ASYE coordinators.")
        let day = asOf ?? context.today
        return try EnrolmentRepository.visible(to: context.caller, limit: 500, offset: 0, on: context.connection)
            .filter { $0.enrolment.status == .active }
            .map { TrackedYear(record: $0, tracker: try TrackerRepository.tracker(for: $0, asOf: day, on: context.connection), asOf: day) }
    }
}
