internal import Foundation
public import Domain

/// The one place "today" comes from. Every rule that depends on the date —
/// a review not before its date, a deadline, a default as-of — reads it here,
/// so production follows the calendar in England and tests pin a date.
public struct CalendarClock: Sendable {
    private let read: @Sendable () -> CalendarDay

    public init(_ read: @escaping @Sendable () -> CalendarDay) {
        self.read = read
    }

    /// Today's date.
    public func today() -> CalendarDay {
        read()
    }

    /// The wall clock in Europe/London: the date an English employer's staff see.
    public static let europeLondon = CalendarClock {
        let parts = englishCalendar.dateComponents([.year, .month, .day], from: Date())
        guard let year = parts.year, let month = parts.month, let day = parts.day, let today = CalendarDay(year: year, month: month, day: day) else {
            preconditionFailure("the Gregorian calendar returned no date for now")
        }
        return today
    }

    /// Always `day`: for tests, and for rehearsing a year.
    public static func fixed(_ day: CalendarDay) -> CalendarClock {
        CalendarClock { day }
    }

    /// Built once: most requests ask for today.
    private static let englishCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()
}
