public import Domain
internal import Store

/// Evidence for the portfolio: what kind, when the practice happened, what it
/// shows, and which KSS statements and PCF domains it is mapped to.
public struct NewEvidence: Sendable, Hashable {
    public var kind: EvidenceKind
    public var practiceDate: CalendarDay
    public var description: String
    public var statements: [String]
    public var file: FileReference?

    public init(kind: EvidenceKind, practiceDate: CalendarDay, description: String, statements: [String], file: FileReference?) {
        self.kind = kind
        self.practiceDate = practiceDate
        self.description = description
        self.statements = statements
        self.file = file
    }
}

/// The NQSW, their assessor, line manager or a coordinator adds evidence to an active year.
public struct AddEvidence: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var evidence: NewEvidence

    public init(_ enrolment: EnrolmentID, _ evidence: NewEvidence) {
        self.enrolment = enrolment
        self.evidence = evidence
    }

    public func run(in context: UseCaseContext) throws -> EvidenceItem {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canAddEvidence(context.caller, record.enrolment),
                            "Evidence is added by the NQSW, their assessor, line manager or a coordinator, while the year is active.")
        try Refusal.require(EnrolmentAccess.canAddEvidence(context.caller, record.enrolment, kind: evidence.kind),
                            "A critical reflection is the NQSW's own work: only the NQSW adds it to their portfolio.")
        guard let frameworks = try FrameworkRepository.pinned(for: enrolment, on: context.connection) else {
            throw Inconsistency("an enrolment without its pinned frameworks")
        }
        var issues = frameworks.validateMapping(evidence.statements, field: "statements")
        if evidence.practiceDate < record.enrolment.startDate {
            issues.append(FieldIssue(field: "practiceDate", message: "The year started on \(record.enrolment.startDate); earlier practice is not ASYE evidence."))
        }
        if evidence.practiceDate > context.today {
            issues.append(FieldIssue(field: "practiceDate", message: "The practice cannot be in the future."))
        }
        if !issues.isEmpty { throw ValidationFailure(issues) }
        let (held, cap) = try EvidenceRepository.heldAndCap(of: enrolment, organisation: context.organisation, on: context.connection)
        guard held < cap else {
            throw ValidationFailure(field: "evidence", message: "This year already holds \(held) evidence items, the organisation's cap (\(cap), year policy "
                + "maximumEvidenceItems). Choose what shows the year best rather than adding more.")
        }
        let item = EvidenceItem(
            id: .random(), enrolmentID: enrolment, kind: evidence.kind, practiceDate: evidence.practiceDate, addedOn: context.today,
            authorID: context.caller.personID, description: evidence.description, file: evidence.file, statements: evidence.statements)
        try EvidenceRepository.insert(item, organisation: context.organisation, frameworks: frameworks,
                                      actor: context.actor(on: record.enrolment), on: context.connection)
        return item
    }
}
