/// The ASYE year's clock: when each review falls due.
///
/// Due dates are computed, never typed. Twelve months of full-time work
/// from the start; a part-time contract stretches every milestone pro rata;
/// each recorded absence day (sickness, parental leave) before a milestone
/// pushes it out by a day; an agreed extension adds its days to the
/// milestones not yet reached when it was agreed. Policy caps the year at
/// two calendar years from the start.
public struct YearClock: Sendable, Hashable {
    public var start: CalendarDay
    public var fte: ContractedTime
    public var absences: [Absence]
    public var extensions: [Extension]
    public var policy: YearPolicy

    public init(start: CalendarDay, fte: ContractedTime, absences: [Absence] = [], extensions: [Extension] = [], policy: YearPolicy = YearPolicy()) {
        self.start = start
        self.fte = fte
        self.absences = absences
        self.extensions = extensions
        self.policy = policy
    }

    /// The day `months` months of the year are complete (3, 6, 9, 12).
    public func dueDate(afterMonths months: Int) -> CalendarDay {
        let nominal = start.days(until: start.adding(months: months))
        let proRata = (nominal * 1000 + fte.thousandths - 1) / fte.thousandths
        var due = start.adding(days: proRata)
        for extension_ in extensions where extension_.agreedOn < due {
            due = due.adding(days: extension_.days)
        }
        // Absences inside the span push the date out; pushing may pull more absence in, so repeat.
        var counted = 0
        while true {
            let absent = absentDays(from: start, before: due)
            if absent == counted { break }
            due = due.adding(days: absent - counted)
            counted = absent
        }
        return due
    }

    /// Absence days in `[from, before)`, counting overlapping absences once.
    func absentDays(from: CalendarDay, before: CalendarDay) -> Int {
        var days = Set<Int>()
        for absence in absences {
            let lower = max(absence.start.daysSinceEpoch, from.daysSinceEpoch)
            let upper = min(absence.end.daysSinceEpoch + 1, before.daysSinceEpoch)
            if lower < upper { days.formUnion(lower..<upper) }
        }
        return days.count
    }

    /// The reviews with their due dates, the last date the year may run to, and flags.
    public func schedule(asOf today: CalendarDay) -> ReviewSchedule {
        let milestones = policy.reviewMonths.map { months in
            ReviewSchedule.Milestone(months: months, due: dueDate(afterMonths: months), isFinal: months == 12,
                                     isOptional: months == 9 && policy.nineMonthReviewOptional)
        }
        let limit = start.adding(months: policy.maximumCalendarMonths)
        let finalDue = dueDate(afterMonths: 12)
        var flags: [ReviewSchedule.Flag] = []
        if finalDue > limit {
            flags.append(.exceedsLimit(limit: limit))
        } else if today.days(until: limit) <= policy.limitWarningDays || finalDue.days(until: limit) <= policy.limitWarningDays {
            flags.append(.approachingLimit(limit: limit))
        }
        return ReviewSchedule(start: start, milestones: milestones, finalReviewDue: finalDue, limit: limit, flags: flags)
    }

    /// The period (0: months 0–3, 1: 3–6, 2: 6–9, 3: 9–12) a day falls in; `nil` before the start.
    public func period(of day: CalendarDay) -> Int? {
        guard day >= start else { return nil }
        for (index, months) in [3, 6, 9].enumerated() where day < dueDate(afterMonths: months) {
            return index
        }
        return 3
    }
}

/// An employer's rules for the year's clock.
public struct YearPolicy: Sendable, Hashable, Codable {
    public var reviewMonths: [Int]
    public var nineMonthReviewOptional: Bool
    /// The year cannot run past this many calendar months from its start.
    public var maximumCalendarMonths: Int
    /// Flag a year this close to its limit.
    public var limitWarningDays: Int

    public init(reviewMonths: [Int] = [3, 6, 9, 12], nineMonthReviewOptional: Bool = true, maximumCalendarMonths: Int = 24, limitWarningDays: Int = 60) {
        self.reviewMonths = reviewMonths
        self.nineMonthReviewOptional = nineMonthReviewOptional
        self.maximumCalendarMonths = maximumCalendarMonths
        self.limitWarningDays = limitWarningDays
    }
}

/// The reviews an enrolment is due, as computed by ``YearClock``.
public struct ReviewSchedule: Sendable, Hashable {
    public struct Milestone: Sendable, Hashable {
        public var months: Int
        public var due: CalendarDay
        public var isFinal: Bool
        public var isOptional: Bool
    }

    public enum Flag: Sendable, Hashable {
        case approachingLimit(limit: CalendarDay)
        case exceedsLimit(limit: CalendarDay)
    }

    public var start: CalendarDay
    public var milestones: [Milestone]
    public var finalReviewDue: CalendarDay
    public var limit: CalendarDay
    public var flags: [Flag]
}

/// A recorded absence that stops the clock.
public struct Absence: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case sickness
        case parentalLeave = "parental_leave"
        case otherLeave = "other_leave"
    }

    public var start: CalendarDay
    /// Inclusive.
    public var end: CalendarDay
    public var kind: Kind
    public var reason: String

    public init(start: CalendarDay, end: CalendarDay, kind: Kind, reason: String) {
        self.start = start
        self.end = end
        self.kind = kind
        self.reason = reason
    }

    /// Checks a requested pause. A capability concern is refused: that is
    /// what a support and action plan is for, not a stopped clock.
    public static func validate(kind: String?, start: CalendarDay?, end: CalendarDay?, reason: String?, yearStart: CalendarDay) throws(ValidationFailure) -> Absence {
        var issues = FieldIssues()
        var parsed: Kind?
        switch kind {
        case .none: issues.add("kind", "Required.")
        case "capability", "capability_concern", "performance":
            issues.add("kind", "The year is not paused for capability concerns; record a concern and agree a support and action plan instead.")
        case .some(let text):
            parsed = Kind(rawValue: text)
            if parsed == nil { issues.add("kind", "Expected one of: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).") }
        }
        if let start, start < yearStart { issues.add("start", "An absence cannot begin before the year started (\(yearStart)).") }
        if let start, let end, end < start { issues.add("end", "The end is before the start.") }
        if start == nil { issues.add("start", "Required.") }
        if end == nil { issues.add("end", "Required.") }
        if (reason ?? "").trimmingWhitespace().isEmpty { issues.add("reason", "Say what the absence was.") }
        try issues.throwIfAny()
        return Absence(start: start!, end: end!, kind: parsed!, reason: reason!)
    }
}

/// Time added to the year by agreement.
public struct Extension: Sendable, Hashable, Codable {
    public var days: Int
    public var agreedOn: CalendarDay
    public var reason: String

    public init(days: Int, agreedOn: CalendarDay, reason: String) {
        self.days = days
        self.agreedOn = agreedOn
        self.reason = reason
    }
}
