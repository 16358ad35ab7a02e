/// Working days in England and Wales: Monday to Friday, less bank holidays
/// (reference data shipped in the schema, so a new year's list is a migration).
public struct WorkingCalendar: Sendable, Hashable {
    public var bankHolidays: Set<CalendarDay>

    public init(bankHolidays: Set<CalendarDay>) {
        self.bankHolidays = bankHolidays
    }

    /// 1970-01-01 was a Thursday.
    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        let weekday = ((day.daysSinceEpoch % 7) + 7 + 3) % 7 // 0 = Monday … 6 = Sunday
        return weekday < 5 && !bankHolidays.contains(day)
    }

    /// The day `count` working days after `day` (a copy given "within 3 working
    /// days" of a Friday session is due the following Wednesday).
    public func adding(workingDays count: Int, to day: CalendarDay) -> CalendarDay {
        var current = day
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }
}
