/// When a past event happened, as distinct from when it was entered.
///
/// Employers enter months of history when they join, and people record a
/// meeting the day after it: a record of a past event carries the day it
/// happened (`occurredOn`, today when not given), and the store keeps when it
/// was entered beside it. Reports "as of" a date count what had happened by
/// then. A day is never in the future, nor before what it follows.
public enum OccurredOn {
    /// `day`, or `today` when not given, checked against `earliest` (named in the message).
    public static func resolve(_ day: CalendarDay?, today: CalendarDay, earliest: CalendarDay, after what: String,
                               field: String = "occurredOn") throws(ValidationFailure) -> CalendarDay {
        let day = day ?? today
        if day > today { throw ValidationFailure(field: field, message: "It cannot have happened after today (\(today)).") }
        if day < earliest { throw ValidationFailure(field: field, message: "It cannot have happened before \(what) (\(earliest)).") }
        return day
    }
}
