public import Domain
internal import Store

/// A coordinator records an agreed extension of the year (part-time work,
/// say) for a reason from a fixed list; one that would take the final review
/// past the organisation's cap is refused, naming the cap's date.
public struct RecordExtension: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var days: Int
    public var agreedOn: CalendarDay
    /// One of `Extension.Category`'s raw values; checked by the domain.
    public var category: String
    public var reason: String

    public init(_ enrolment: EnrolmentID, days: Int, agreedOn: CalendarDay, category: String, reason: String) {
        self.enrolment = enrolment
        self.days = days
        self.agreedOn = agreedOn
        self.category = category
        self.reason = reason
    }

    public func run(in context: UseCaseContext) throws -> DatedClock {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canExtend(context.caller, record.enrolment), "Extensions are agreed and recorded by an ASYE coordinator.")
        guard record.enrolment.status == .active else { throw EnrolmentError.notActive(record.enrolment.status) }
        let agreed = try Extension.validate(days: days, agreedOn: agreedOn, category: category, reason: reason,
                                            yearStart: record.enrolment.startDate, today: context.today)
        try ClockRepository.clock(for: record.enrolment, on: context.connection).checkExtension(agreed)
        _ = try ClockRepository.addExtension(agreed, to: record.enrolment, actor: context.actor(.coordinator), on: context.connection)
        return DatedClock(clock: try ClockRepository.clock(for: record.enrolment, on: context.connection), asOf: context.today)
    }
}
