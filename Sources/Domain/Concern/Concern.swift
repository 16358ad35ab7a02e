/// A concern about an NQSW's progress, performance, capability or conduct.
///
/// Concerns are shared promptly and transparently (seed 000): the NQSW sees
/// every concern about them, when it was shared, and their own response. One
/// not shared within the policy's working days is flagged. Until it has an
/// outcome, a concern keeps the sufficiency check's robust criterion unmet.
public struct Concern: Sendable, Hashable {
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        case progress, performance, capability, conduct
    }

    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        case developmental
        case serious
        case fitnessToPractise = "fitness_to_practise"
    }

    public var id: ConcernID
    public var enrolmentID: EnrolmentID
    public var raisedBy: PersonID
    public var raisedOn: CalendarDay
    public var category: Category
    public var severity: Severity
    public var description: String
    public var statements: [String]
    public var evidence: [EvidenceID]
    public var sharedOn: CalendarDay?
    public var nqswResponse: String?
    public var respondedOn: CalendarDay?
    public var outcome: String?
    public var outcomeOn: CalendarDay?

    public init(
        id: ConcernID, enrolmentID: EnrolmentID, raisedBy: PersonID, raisedOn: CalendarDay, category: Category, severity: Severity,
        description: String, statements: [String] = [], evidence: [EvidenceID] = [], sharedOn: CalendarDay? = nil,
        nqswResponse: String? = nil, respondedOn: CalendarDay? = nil, outcome: String? = nil, outcomeOn: CalendarDay? = nil
    ) {
        self.id = id
        self.enrolmentID = enrolmentID
        self.raisedBy = raisedBy
        self.raisedOn = raisedOn
        self.category = category
        self.severity = severity
        self.description = description
        self.statements = statements
        self.evidence = evidence
        self.sharedOn = sharedOn
        self.nqswResponse = nqswResponse
        self.respondedOn = respondedOn
        self.outcome = outcome
        self.outcomeOn = outcomeOn
    }

    /// Open until an outcome is recorded.
    public var isOpen: Bool { outcome == nil }

    /// The day the concern must be shared with the NQSW by.
    public func shareDue(calendar: WorkingCalendar, withinWorkingDays days: Int) -> CalendarDay {
        calendar.adding(workingDays: days, to: raisedOn)
    }

    /// Not shared, and past its share-by day as of `asOf` (or shared late).
    public func isShareOverdue(calendar: WorkingCalendar, withinWorkingDays days: Int, asOf: CalendarDay) -> Bool {
        let due = shareDue(calendar: calendar, withinWorkingDays: days)
        if let sharedOn, sharedOn <= asOf { return sharedOn > due }
        return asOf > due
    }
}

public enum ConcernTag {}
public typealias ConcernID = Identifier<ConcernTag>

extension EnrolmentAccess {
    /// Concerns are raised by the NQSW's assessor, line manager or a coordinator.
    public static func canRaiseConcern(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        switch enrolment.relation(of: caller) {
        case .assessedNQSW: caller.holds(.assessor) || caller.holds(.coordinator)
        case .lineManagedNQSW: caller.holds(.lineManager) || caller.holds(.coordinator)
        case .sameOrganisation: caller.holds(.coordinator)
        case .ownEnrolment, .otherOrganisation: false
        }
    }

    /// Who sees concerns: the NQSW (all about them), assessor, line manager,
    /// coordinators, and the organisation's principal social worker.
    /// The year's concerns and plans: those who see the year, and the PSW
    /// only where a concern about the NQSW was escalated to them (`escalated`)
    /// — need-to-know, as docs/access.md defines the PSW's relation.
    public static func canViewConcerns(_ caller: Caller, _ enrolment: Enrolment, escalated: Bool) -> Bool {
        canView(caller, enrolment) || (enrolment.organisationID == caller.organisationID && caller.holds(.psw) && escalated)
    }
}
