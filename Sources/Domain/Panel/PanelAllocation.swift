/// When and where a panel sits, and how many cases it takes.
public struct PanelSchedule: Sendable, Hashable {
    public var sitsOn: CalendarDay
    /// Minutes after midnight, Europe/London.
    public var startsAt: Int
    public var endsAt: Int
    /// A room or a video link.
    public var location: String
    public var capacity: Int
    /// Evidence for a case must be in by this day; cases are listed up to it.
    public var evidenceDeadline: CalendarDay

    public init(sitsOn: CalendarDay, startsAt: Int, endsAt: Int, location: String, capacity: Int, evidenceDeadline: CalendarDay) {
        self.sitsOn = sitsOn
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.location = location
        self.capacity = capacity
        self.evidenceDeadline = evidenceDeadline
    }

    /// Checks a schedule as a coordinator gives it.
    public func validate(today: CalendarDay) throws(ValidationFailure) {
        var issues = FieldIssues()
        if sitsOn <= today { issues.add("sitsOn", "Schedule the panel after today.") }
        if !(0..<1440).contains(startsAt) { issues.add("startsAt", "Expected a time as HH:MM.") }
        if !(0..<1440).contains(endsAt) || endsAt <= startsAt { issues.add("endsAt", "The panel must end after it starts, the same day.") }
        if location.trimmingWhitespace().isEmpty { issues.add("location", "Give the room or the video link.") }
        if !(1...40).contains(capacity) { issues.add("capacity", "Between 1 and 40 cases.") }
        if evidenceDeadline >= sitsOn { issues.add("evidenceDeadline", "The evidence deadline comes before the panel sits (\(sitsOn)).") }
        try issues.throwIfAny()
    }
}

/// Why a case cannot be listed at a panel.
public enum AllocationRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case notScheduled(state: String)
    case full(capacity: Int)
    case evidenceDeadlinePassed(CalendarDay)
    /// The case has its own deadline (deferral or referral back) the panel does not sit after.
    case sitsBeforeCaseDeadline(panel: CalendarDay, caseDeadline: CalendarDay)
    case conflicted(ValidationFailure)

    public var description: String {
        switch self {
        case .notScheduled(let state): "The panel is \(state); cases are listed at scheduled panels."
        case .full(let capacity): "The panel is full (\(capacity) cases)."
        case .evidenceDeadlinePassed(let day): "The panel's evidence deadline (\(day)) has passed."
        case .sitsBeforeCaseDeadline(let panel, let deadline): "The case's deadline is \(deadline); list it at a panel sitting after it, not on \(panel)."
        case .conflicted(let failure): failure.issues.first?.message ?? "Too many members are conflicted for this case."
        }
    }
}

/// The rules for listing a case at a panel.
public enum PanelAllocation {
    /// A panel as allocation sees it.
    public struct Candidate: Sendable, Hashable {
        public var state: PanelMachine.State
        public var schedule: PanelSchedule
        public var composition: PanelComposition
        public var listed: Int

        public init(state: PanelMachine.State, schedule: PanelSchedule, composition: PanelComposition, listed: Int) {
            self.state = state
            self.schedule = schedule
            self.composition = composition
            self.listed = listed
        }
    }

    /// Refuses a listing the panel cannot take, with the reason.
    public static func check(
        _ panel: Candidate, parties: PanelComposition.CaseParties, caseDeadline: CalendarDay?, today: CalendarDay
    ) throws(AllocationRefusal) {
        guard panel.state == .scheduled else { throw .notScheduled(state: panel.state.name) }
        guard panel.listed < panel.schedule.capacity else { throw .full(capacity: panel.schedule.capacity) }
        guard today <= panel.schedule.evidenceDeadline else { throw .evidenceDeadlinePassed(panel.schedule.evidenceDeadline) }
        if let caseDeadline, panel.schedule.sitsOn <= caseDeadline {
            throw .sitsBeforeCaseDeadline(panel: panel.schedule.sitsOn, caseDeadline: caseDeadline)
        }
        do { try panel.composition.checkCanHear(parties) } catch { throw .conflicted(error) }
    }

    /// The index of the first panel, by date, that can take the case — where a
    /// deferred case is re-listed. `nil` when none can yet.
    public static func firstSuitable(
        _ panels: [Candidate], parties: PanelComposition.CaseParties, caseDeadline: CalendarDay?, today: CalendarDay
    ) -> Int? {
        panels.indices
            .sorted { (panels[$0].schedule.sitsOn, panels[$0].schedule.startsAt) < (panels[$1].schedule.sitsOn, panels[$1].schedule.startsAt) }
            .first { index in
                do { try check(panels[index], parties: parties, caseDeadline: caseDeadline, today: today); return true } catch { return false }
            }
    }
}
