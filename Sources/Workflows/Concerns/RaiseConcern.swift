public import Domain
internal import Store

/// What a concern is about.
public struct NewConcern: Sendable, Hashable {
    public var category: Concern.Category
    public var severity: Concern.Severity
    public var description: String
    public var statements: [String]
    public var evidence: [EvidenceID]

    public init(category: Concern.Category, severity: Concern.Severity, description: String, statements: [String], evidence: [EvidenceID]) {
        self.category = category
        self.severity = severity
        self.description = description
        self.statements = statements
        self.evidence = evidence
    }
}

/// The assessor, line manager or a coordinator raises a concern about an
/// NQSW's progress, performance or capability; it is to be shared with them
/// promptly (5 working days).
public struct RaiseConcern: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var concern: NewConcern
    /// When it was raised, if before today (history entered later).
    public var occurredOn: CalendarDay?

    public init(_ enrolment: EnrolmentID, _ concern: NewConcern, occurredOn: CalendarDay? = nil) {
        self.enrolment = enrolment
        self.concern = concern
        self.occurredOn = occurredOn
    }

    public func run(in context: UseCaseContext) throws -> ConcernStatus {
        let record = try context.enrolmentForConcerns(enrolment)
        try Refusal.require(EnrolmentAccess.canRaiseConcern(context.caller, record.enrolment),
                            "Concerns are raised by the NQSW's assessor, line manager or a coordinator.")
        var issues: [FieldIssue] = []
        if !concern.statements.isEmpty {
            issues += try context.frameworks(of: record).validateMapping(concern.statements, field: "statements")
        }
        let known = Set(try EvidenceRepository.items(of: enrolment, organisation: context.organisation, on: context.connection).map(\.id))
        for item in concern.evidence where !known.contains(item) {
            issues.append(FieldIssue(field: "evidenceIds", message: "\(item) is not evidence of this year."))
        }
        if !issues.isEmpty { throw ValidationFailure(issues) }
        let raisedOn = try OccurredOn.resolve(occurredOn, today: context.today, earliest: record.enrolment.startDate, after: "the year started")
        let raised = Concern(id: .random(), enrolmentID: enrolment, raisedBy: context.caller.personID, raisedOn: raisedOn,
                             category: concern.category, severity: concern.severity, description: concern.description,
                             statements: concern.statements, evidence: concern.evidence)
        try ConcernRepository.insert(raised, enteredOn: context.today, organisation: context.organisation, actor: context.actor(on: record.enrolment), on: context.connection)
        return ConcernStatus(raised, calendar: try SupervisionRepository.calendar(on: context.connection), asOf: context.today)
    }
}
