/// A supervision session of an NQSW: held and recorded, or cancelled.
public struct SupervisionSession: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// Held on `scheduledFor`.
        case held(durationMinutes: Int, topics: String, agreedActions: String)
        /// Did not happen; rescheduled (or not) and, if not, reported to the supervisor's line manager.
        case cancelled(reason: String, rescheduledTo: CalendarDay?, reportedOn: CalendarDay?)
    }

    public var id: SupervisionID
    public var enrolmentID: EnrolmentID
    public var supervisorID: PersonID
    public var scheduledFor: CalendarDay
    public var outcome: Outcome
    public var supervisorSignedOn: CalendarDay?
    public var nqswSignedOn: CalendarDay?
    /// When the NQSW was given their copy of the record.
    public var copyGivenOn: CalendarDay?
    public var version: Int

    public init(
        id: SupervisionID, enrolmentID: EnrolmentID, supervisorID: PersonID, scheduledFor: CalendarDay, outcome: Outcome,
        supervisorSignedOn: CalendarDay? = nil, nqswSignedOn: CalendarDay? = nil, copyGivenOn: CalendarDay? = nil, version: Int = 1
    ) {
        self.id = id
        self.enrolmentID = enrolmentID
        self.supervisorID = supervisorID
        self.scheduledFor = scheduledFor
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
