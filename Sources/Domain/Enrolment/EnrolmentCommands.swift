/// The terms of a new ASYE year, as a coordinator enters them.
public struct NewEnrolment: Sendable, Hashable {
    public var nqswID: PersonID
    public var setting: Enrolment.Setting
    public var startDate: CalendarDay
    public var fte: ContractedTime
    public var assessorID: PersonID
    public var lineManagerID: PersonID

    public init(
        nqswID: PersonID, setting: Enrolment.Setting, startDate: CalendarDay, fte: ContractedTime,
        assessorID: PersonID, lineManagerID: PersonID
    ) {
        self.nqswID = nqswID
        self.setting = setting
        self.startDate = startDate
        self.fte = fte
        self.assessorID = assessorID
        self.lineManagerID = lineManagerID
    }

    /// Checks the people and dates. `roles` holds the roles of every person
    /// named, as found in the caller's organisation (absent = not found there).
    /// A year may be entered up to two years after it started (employers
    /// moving onto Quorum mid-year) and at most a year before it starts.
    public func validate(roles: [PersonID: Set<Role>], today: CalendarDay) throws(ValidationFailure) {
        var issues = FieldIssues()
        Self.check(nqswID, holds: .nqsw, field: "nqswId", in: roles, into: &issues)
        Self.check(assessorID, holds: .assessor, field: "assessorId", in: roles, into: &issues)
        Self.check(lineManagerID, holds: .lineManager, field: "lineManagerId", in: roles, into: &issues)
        if assessorID == nqswID { issues.add("assessorId", "An NQSW cannot be their own assessor.") }
        if lineManagerID == nqswID { issues.add("lineManagerId", "An NQSW cannot be their own line manager.") }
        Self.checkStart(startDate, today: today, into: &issues)
        try issues.throwIfAny()
    }

    static func check(
        _ person: PersonID, holds role: Role, field: String, in roles: [PersonID: Set<Role>],
        into issues: inout FieldIssues
    ) {
        guard let held = roles[person] else {
            issues.add(field, "No such person in this organisation.")
            return
        }
        if !held.contains(role) {
            issues.add(field, "This person does not hold the \(role.rawValue) role.")
        }
    }

    static func checkStart(_ start: CalendarDay, today: CalendarDay, into issues: inout FieldIssues) {
        if start < today.adding(months: -24) {
            issues.add("startDate", "The year cannot have started more than two years ago (\(today.adding(months: -24)) at the earliest).")
        } else if start > today.adding(months: 12) {
            issues.add("startDate", "The year cannot start more than a year from now (\(today.adding(months: 12)) at the latest).")
        }
    }
}

/// A coordinator's change to an enrolment's terms. Fields left `nil` stay as they are.
public struct EnrolmentChange: Sendable, Hashable {
    public var fte: ContractedTime?
    public var assessorID: PersonID?
    public var lineManagerID: PersonID?
    public var startDate: CalendarDay?
    /// Why; required when the assessor or line manager changes.
    public var reason: String?

    public init(
        fte: ContractedTime? = nil, assessorID: PersonID? = nil, lineManagerID: PersonID? = nil,
        startDate: CalendarDay? = nil, reason: String? = nil
    ) {
        self.fte = fte
        self.assessorID = assessorID
        self.lineManagerID = lineManagerID
        self.startDate = startDate
        self.reason = reason
    }

    /// The people this change names, whose roles the caller must look up.
    public var peopleNamed: [PersonID] {
        [assessorID, lineManagerID].compactMap { $0 }
    }
}

/// A field's value before and after a change, for the audit trail.
public struct FieldChange: Sendable, Hashable, Codable {
    public var field: String
    public var before: String?
    public var after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }
}

/// Why an enrolment change is refused although its fields are well-formed.
public enum EnrolmentError: Error, Sendable, Hashable {
    /// The year has ended; its terms are part of the record.
    case notActive(Enrolment.Status)
    /// The change changes nothing.
    case noChange
}

extension Enrolment {
    /// Applies `change`, returning the new enrolment and what changed.
    /// The version is bumped by the store when it writes.
    public func applying(
        _ change: EnrolmentChange, roles: [PersonID: Set<Role>], today: CalendarDay
    ) throws -> (Enrolment, [FieldChange]) {
        guard status == .active else { throw EnrolmentError.notActive(status) }
        var issues = FieldIssues()
        var next = self
        var changes: [FieldChange] = []
        if let fte = change.fte, fte != self.fte {
            next.fte = fte
            changes.append(FieldChange(field: "fte", before: self.fte.description, after: fte.description))
        }
        if let start = change.startDate, start != startDate {
            NewEnrolment.checkStart(start, today: today, into: &issues)
            next.startDate = start
            changes.append(FieldChange(field: "startDate", before: startDate.description, after: start.description))
        }
        if let assessor = change.assessorID, assessor != assessorID {
            NewEnrolment.check(assessor, holds: .assessor, field: "assessorId", in: roles, into: &issues)
            if assessor == nqswID { issues.add("assessorId", "An NQSW cannot be their own assessor.") }
            next.assessorID = assessor
            changes.append(FieldChange(field: "assessorId", before: assessorID.description, after: assessor.description))
        }
        if let manager = change.lineManagerID, manager != lineManagerID {
            NewEnrolment.check(manager, holds: .lineManager, field: "lineManagerId", in: roles, into: &issues)
            if manager == nqswID { issues.add("lineManagerId", "An NQSW cannot be their own line manager.") }
            next.lineManagerID = manager
            changes.append(FieldChange(field: "lineManagerId", before: lineManagerID.description, after: manager.description))
        }
        let peopleChanged = next.assessorID != assessorID || next.lineManagerID != lineManagerID
        let reason = change.reason?.trimmingWhitespace() ?? ""
        if peopleChanged && reason.isEmpty {
            issues.add("reason", "Say why the assessor or line manager changes; it becomes part of the record.")
        }
        if reason.count > 4000 { issues.add("reason", "Keep the reason under 4,000 characters.") }
        try issues.throwIfAny()
        guard !changes.isEmpty else { throw EnrolmentError.noChange }
        return (next, changes)
    }
}
