/// A supervision session of an NQSW: held and recorded, or cancelled.
public struct SupervisionSession: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// Held on `scheduledFor`.
        case held(durationMinutes: Int, topics: String, agreedActions: String)
        /// Did not happen; rescheduled (or not) and, if not, reported to the supervisor's line manager.
        case cancelled(reason: String, rescheduledTo: CalendarDay?, reportedOn: CalendarDay?)
    }

    /// What sort of session: only individual, formal sessions count toward
    /// the supervision standard; group and informal ones are recorded too.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case individual
        case group
        case informal
    }

    public var id: SupervisionID
    public var enrolmentID: EnrolmentID
    public var supervisorID: PersonID
    public var scheduledFor: CalendarDay
    public var kind: Kind
    /// Minutes after midnight the session starts (nil for sessions recorded before Quorum kept it).
    public var startsAt: Int?
    /// What was agreed, each with an owner and a date (held sessions).
    public var actions: [AgreedAction]
    /// Notes added after signing, oldest first; the record itself never changes.
    public var addenda: [SupervisionAddendum] = []
    public var outcome: Outcome
    public var supervisorSignedOn: CalendarDay?
    public var nqswSignedOn: CalendarDay?
    /// When the NQSW was given their copy of the record.
    public var copyGivenOn: CalendarDay?
    public var version: Int

    public init(
        id: SupervisionID, enrolmentID: EnrolmentID, supervisorID: PersonID, scheduledFor: CalendarDay, kind: Kind = .individual, startsAt: Int? = nil,
        actions: [AgreedAction] = [], outcome: Outcome,
        supervisorSignedOn: CalendarDay? = nil, nqswSignedOn: CalendarDay? = nil, copyGivenOn: CalendarDay? = nil, version: Int = 1
    ) {
        self.id = id
        self.enrolmentID = enrolmentID
        self.supervisorID = supervisorID
        self.scheduledFor = scheduledFor
        self.kind = kind
        self.startsAt = startsAt
        self.actions = actions
        self.outcome = outcome
        self.supervisorSignedOn = supervisorSignedOn
        self.nqswSignedOn = nqswSignedOn
        self.copyGivenOn = copyGivenOn
        self.version = version
    }

    public var wasHeld: Bool {
        if case .held = outcome { return true }
        return false
    }

    /// Held, individual and formal: what the frequency standard counts.
    public var countsTowardStandard: Bool { wasHeld && kind == .individual }
}

/// A note added to a signed supervision record: who, when, what.
public struct SupervisionAddendum: Sendable, Hashable {
    public var text: String
    public var addedBy: PersonID
    public var addedOn: CalendarDay

    public init(text: String, addedBy: PersonID, addedOn: CalendarDay) {
        self.text = text
        self.addedBy = addedBy
        self.addedOn = addedOn
    }
}

/// An action agreed in supervision: what, who will do it, by when.
public struct AgreedAction: Sendable, Hashable, Codable {
    public var description: String
    public var ownerID: PersonID
    public var dueOn: CalendarDay

    public init(description: String, ownerID: PersonID, dueOn: CalendarDay) {
        self.description = description
        self.ownerID = ownerID
        self.dueOn = dueOn
    }

    /// Each action says what, names someone who owns it among `people`, and a date on or after `day` (the session, the plan's opening).
    public static func validate(_ actions: [AgreedAction], session day: CalendarDay, people: Set<PersonID>,
                                field: String = "actions") throws(ValidationFailure) {
        var issues = FieldIssues()
        for (index, action) in actions.enumerated() {
            if action.description.trimmingWhitespace().isEmpty { issues.add("\(field)/\(index)/description", "Say what was agreed.") }
            if !people.contains(action.ownerID) {
                issues.add("\(field)/\(index)/ownerId", "The owner is the NQSW or someone in this organisation who works with them.")
            }
            if action.dueOn < day || action.dueOn > day.adding(days: 366) {
                issues.add("\(field)/\(index)/dueOn", "A date on or after \(day) and within a year of it.")
            }
        }
        try issues.throwIfAny()
    }
}

public enum SupervisionTag {}
public typealias SupervisionID = Identifier<SupervisionTag>

/// How often an NQSW must be supervised, and the deadlines around records
/// (seed 002): weekly for the first 6 weeks, at least fortnightly until 6
/// months, then at least monthly; a copy within 3 working days; an
/// unrescheduled cancellation reported within 2 weeks. Held as policy data.
public struct SupervisionPolicy: Sendable, Hashable, Codable {
    /// Up to `untilDay` (days from the start), a session at least every `everyDays`.
    public struct Band: Sendable, Hashable, Codable {
        public var untilDay: Int?
        public var everyDays: Int
        public var name: String

        public init(untilDay: Int?, everyDays: Int, name: String) {
            self.untilDay = untilDay
            self.everyDays = everyDays
            self.name = name
        }
    }

    public var bands: [Band]
    public var copyWithinWorkingDays: Int
    public var reportUnrescheduledWithinDays: Int

    public init(
        bands: [Band] = [Band(untilDay: 42, everyDays: 7, name: "weekly"), Band(untilDay: 182, everyDays: 14, name: "fortnightly"),
                         Band(untilDay: nil, everyDays: 31, name: "monthly")],
        copyWithinWorkingDays: Int = 3, reportUnrescheduledWithinDays: Int = 14
    ) {
        self.bands = bands
        self.copyWithinWorkingDays = copyWithinWorkingDays
        self.reportUnrescheduledWithinDays = reportUnrescheduledWithinDays
    }

    public static let standard = SupervisionPolicy()
}

extension SupervisionPolicy {
    /// Bands in order, each frequency sensible; deadlines in range.
    public func validate() throws(ValidationFailure) {
        var issues = FieldIssues()
        if bands.isEmpty || bands.last?.untilDay != nil {
            issues.add("bands", "List the bands in order; the last has no end (untilDay omitted).")
        }
        var previous = 0
        for (index, band) in bands.enumerated() {
            if !(1...62).contains(band.everyDays) { issues.add("bands/\(index)/everyDays", "From 1 to 62 days.") }
            if let until = band.untilDay {
                if until <= previous { issues.add("bands/\(index)/untilDay", "Each band ends after the one before.") }
                previous = until
            }
        }
        if !(1...20).contains(copyWithinWorkingDays) { issues.add("copyWithinWorkingDays", "From 1 to 20.") }
        if !(1...60).contains(reportUnrescheduledWithinDays) { issues.add("reportUnrescheduledWithinDays", "From 1 to 60.") }
        try issues.throwIfAny()
    }
}
