/// The ASYE year's clock: when each review falls due.
///
/// Due dates are computed, never typed. Twelve months of full-time work
/// from the start; a part-time contract stretches every milestone pro rata;
/// each recorded absence day (sickness, parental leave) before a milestone
/// pushes it out by a day; an agreed extension adds its days to the
/// milestones not yet reached when it was agreed — except a panel's
/// deferral, which always moves the year's end (the final milestone) to the
/// panel's new deadline, though it is agreed after the final review. Policy
/// caps the year at two calendar years from the start.
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
        for extension_ in extensions where extension_.agreedOn < due || (months == 12 && extension_.category == .panelDeferral) {
            due = due.adding(days: extension_.days)
        }
        return absences.pushing(due, from: start)
    }

    /// The reviews with their due dates, the last date the year may run to, and flags.
    public func schedule(asOf today: CalendarDay) -> ReviewSchedule {
        let milestones = policy.reviewMonths.map { months in
            ReviewSchedule.Milestone(months: months, due: dueDate(afterMonths: months), isFinal: months == 12)
        }
        let limit = self.limit
        let finalDue = dueDate(afterMonths: 12)
        var flags: [ReviewSchedule.Flag] = []
        if finalDue > limit {
            flags.append(.exceedsLimit(limit: limit))
        } else if today.days(until: limit) <= policy.limitWarningDays || finalDue.days(until: limit) <= policy.limitWarningDays {
            flags.append(.approachingLimit(limit: limit))
        }
        return ReviewSchedule(start: start, milestones: milestones, finalReviewDue: finalDue, limit: limit, flags: flags)
    }

    /// The last day the year may run to: the organisation's cap from the start.
    public var limit: CalendarDay { start.adding(months: policy.maximumCalendarMonths) }

    /// Refuses a review recorded before its milestone falls due: the 12-month
    /// review marks twelve months of practice, so it cannot be held after nine.
    public func checkReview(milestone months: Int, heldOn: CalendarDay) throws(RuleBreach) {
        let due = dueDate(afterMonths: months)
        guard heldOn < due else { return }
        let name = months == 12 ? "the final (12-month) review" : "the \(months)-month review"
        throw RuleBreach(.reviewNotBeforeDue, record: name, date: due,
                         detail: "\(name.prefix(1).uppercased() + name.dropFirst()) falls due on \(due.spoken); it cannot be recorded as held on \(heldOn.spoken).")
    }

    /// Refuses an extension that would take the final review past the cap.
    /// Absences are what happened and are recorded whatever they do to the
    /// dates (the schedule flags it); an extension is agreed, so the cap binds.
    public func checkExtension(_ extension_: Extension) throws(RuleBreach) {
        var extended = self
        extended.extensions.append(extension_)
        let finalDue = extended.dueDate(afterMonths: 12)
        guard finalDue > limit else { return }
        throw RuleBreach(.yearCap, record: "the year started \(start.spoken)", date: limit,
                         detail: "The year cannot run past \(limit.spoken), \(policy.maximumCalendarMonths) months from its start; "
                             + "this extension would move the final review to \(finalDue.spoken). "
                             + "At most \(mostDays(agreedOn: extension_.agreedOn, below: extension_.days)) days can be agreed.")
    }

    /// The longest extension agreed on `day`, shorter than `days`, that keeps the final review within the cap.
    func mostDays(agreedOn day: CalendarDay, below days: Int) -> Int {
        var (low, high) = (0, days - 1)
        while low < high {
            let middle = (low + high + 1) / 2
            var extended = self
            extended.extensions.append(Extension(days: middle, agreedOn: day, reason: ""))
            if extended.dueDate(afterMonths: 12) <= limit { low = middle } else { high = middle - 1 }
        }
        return low
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

/// An employer's rules for the year's clock, kept as versioned policy.
public struct YearPolicy: Sendable, Hashable, Codable {
    /// Whether the organisation holds the 9-month review. National guidance
    /// makes it optional; seed 002's tracker holds it, so the default does.
    public var nineMonthReview: Bool
    /// The year cannot run past this many calendar months from its start
    /// (commonly two years); an extension beyond it is refused.
    public var maximumCalendarMonths: Int
    /// Flag a year this close to its limit.
    public var limitWarningDays: Int
    /// The most evidence items one year may hold (nil: ``defaultEvidenceCap``).
    /// A portfolio is a selection; thousands of items make it unreadable for
    /// the assessor and the panel, and one person's could slow everyone's.
    public var maximumEvidenceItems: Int?

    public static let defaultEvidenceCap = 1500

    public init(nineMonthReview: Bool = true, maximumCalendarMonths: Int = 24, limitWarningDays: Int = 60, maximumEvidenceItems: Int? = nil) {
        self.nineMonthReview = nineMonthReview
        self.maximumCalendarMonths = maximumCalendarMonths
        self.limitWarningDays = limitWarningDays
        self.maximumEvidenceItems = maximumEvidenceItems
    }

    /// The year's cap on evidence items.
    public var evidenceCap: Int { maximumEvidenceItems ?? Self.defaultEvidenceCap }

    /// The shipped default (version 0).
    public static let standard = YearPolicy()

    /// The reviews held, in months from the start.
    public var reviewMonths: [Int] { nineMonthReview ? [3, 6, 9, 12] : [3, 6, 12] }

    public func validate() throws(ValidationFailure) {
        var issues = FieldIssues()
        if !(13...36).contains(maximumCalendarMonths) {
            issues.add("maximumCalendarMonths", "From 13 to 36 months: the year itself takes twelve.")
        }
        if !(0...365).contains(limitWarningDays) { issues.add("limitWarningDays", "From 0 to 365 days.") }
        if let cap = maximumEvidenceItems, !(100...10_000).contains(cap) { issues.add("maximumEvidenceItems", "From 100 to 10,000 items.") }
        try issues.throwIfAny()
    }
}

/// The reviews an enrolment is due, as computed by ``YearClock``.
public struct ReviewSchedule: Sendable, Hashable {
    public struct Milestone: Sendable, Hashable {
        public var months: Int
        public var due: CalendarDay
        public var isFinal: Bool
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

extension Collection<Absence> {
    /// Absence days in `[from, before)`, counting overlapping absences once.
    func absentDays(from: CalendarDay, before: CalendarDay) -> Int {
        var days = Set<Int>()
        for absence in self {
            let lower = Swift.max(absence.start.daysSinceEpoch, from.daysSinceEpoch)
            let upper = Swift.min(absence.end.daysSinceEpoch + 1, before.daysSinceEpoch)
            if lower < upper { days.formUnion(lower..<upper) }
        }
        return days.count
    }

    /// `end` of a span from `from`, pushed out by a day for each absence day
    /// inside the span: a stopped clock. Pushing may pull more absence in, so
    /// it repeats until the span holds no more. The year's milestones and the
    /// supervision intervals both pause this way.
    func pushing(_ end: CalendarDay, from: CalendarDay) -> CalendarDay {
        var end = end
        var counted = 0
        while true {
            let absent = absentDays(from: from, before: end)
            if absent == counted { return end }
            end = end.adding(days: absent - counted)
            counted = absent
        }
    }
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
        case .some(let text) where CapabilityRoute.names(text):
            issues.add("kind", CapabilityRoute.message(for: "paused"))
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

/// Time added to the year by agreement, for a reason from a fixed list.
///
/// The list is the rule: a category, not words in the reason, decides what
/// may pause or stretch the year. Capability is not on it — the seeds send
/// concerns about capability to a support and action plan and the
/// organisation's procedures, never to a longer clock.
public struct Extension: Sendable, Hashable, Codable {
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        /// Part-time or reduced hours not already in the contracted time.
        case partTimeWorking = "part_time_working"
        /// A reasonable adjustment (disability or health).
        case reasonableAdjustment = "reasonable_adjustment"
        /// The employer could not give the protected time or range of work the year needs.
        case learningOpportunities = "learning_opportunities"
        /// A panel deferred its decision with a new deadline.
        case panelDeferral = "panel_deferral"
        /// Another exceptional circumstance, described in the reason.
        case otherCircumstance = "other_circumstance"
    }

    public var days: Int
    public var agreedOn: CalendarDay
    public var category: Category
    public var reason: String

    public init(days: Int, agreedOn: CalendarDay, category: Category = .otherCircumstance, reason: String) {
        self.days = days
        self.agreedOn = agreedOn
        self.category = category
        self.reason = reason
    }

    /// Checks a requested extension's category and date.
    public static func validate(days: Int, agreedOn: CalendarDay, category: String, reason: String, yearStart: CalendarDay,
                                today: CalendarDay) throws(ValidationFailure) -> Extension {
        var issues = FieldIssues()
        let parsed = Category(rawValue: category)
        if CapabilityRoute.names(category) {
            issues.add("category", CapabilityRoute.message(for: "extended"))
        } else if parsed == nil {
            issues.add("category", "Expected one of: \(Category.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if agreedOn < yearStart { issues.add("agreedOn", "An extension cannot be agreed before the year started (\(yearStart)).") }
        if agreedOn > today { issues.add("agreedOn", "Record an extension once it is agreed (today is \(today)).") }
        if reason.trimmingWhitespace().isEmpty { issues.add("reason", "Say why the year is extended.") }
        try issues.throwIfAny()
        return Extension(days: days, agreedOn: agreedOn, category: parsed!, reason: reason)
    }
}

/// Where capability concerns go instead of a paused or longer year.
public enum CapabilityRoute {
    /// The category names people reach for when the matter is capability.
    public static func names(_ category: String) -> Bool {
        ["capability", "capability_concern", "performance", "conduct"].contains(category)
    }

    /// The refusal, pointing to the support and action plan route.
    public static func message(for verb: String) -> String {
        "The year is not \(verb) for capability concerns: record a concern, share it with the NQSW and agree a support and action plan "
            + "(the organisation's capability procedure runs through HR)."
    }
}
