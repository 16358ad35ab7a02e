public import Domain
internal import Store

/// A coordinator records an agreed extension of the year (part-time work, say).
public struct RecordExtension: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var days: Int
    public var agreedOn: CalendarDay
    public var reason: String

    public init(_ enrolment: EnrolmentID, days: Int, agreedOn: CalendarDay, reason: String) {
        self.enrolment = enrolment
        self.days = days
        self.agreedOn = agreedOn
        self.reason = reason
    }

    public func run(in context: UseCaseContext) throws -> DatedClock {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canExtend(context.caller, record.enrolment), "Extensions are agreed and recorded by an ASYE coordinator.")
        guard record.enrolment.status == .active else { throw EnrolmentError.notActive(record.enrolment.status) }
        _ = try ClockRepository.addExtension(Extension(days: days, agreedOn: agreedOn, reason: reason), to: record.enrolment,
                                             actor: context.actor(.coordinator), on: context.connection)
        return DatedClock(clock: try ClockRepository.clock(for: record.enrolment, on: context.connection), asOf: context.today)
    }
}
