public import Domain
public import Store
public import Foundation

/// The NQSW's current assessor reconciles an item judged below the expected
/// level on a statement with later evidence judged to meet it; the robust
/// criterion's consistency finding for that pair then clears.
public struct RecordReconciliation: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var statement: String
    public var belowItem: EvidenceID
    public var laterItems: [EvidenceID]
    public var note: String

    public init(_ enrolment: EnrolmentID, statement: String, belowItem: EvidenceID, laterItems: [EvidenceID], note: String) {
        self.enrolment = enrolment
        self.statement = statement
        self.belowItem = belowItem
        self.laterItems = laterItems
        self.note = note
    }

    public func run(in context: UseCaseContext) throws -> JudgementReconciliation {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canAssess(context.caller, record.enrolment),
                            "Only the NQSW's current assessor reconciles judgements.")
        let inputs = try SufficiencyInputsRepository.load(record, on: context.connection)
        try JudgementReconciliation.validate(statement: statement, belowItem: belowItem, laterItems: laterItems, note: note,
                                             portfolio: inputs.items, frameworks: inputs.frameworks)
        let reconciliation = JudgementReconciliation(
            id: UUID(), statement: statement, belowItem: belowItem, laterItems: laterItems, note: note.trimmingWhitespace(),
            recordedBy: context.caller.personID, recordedOn: context.today)
        guard try ReconciliationRepository.insert(reconciliation, enrolment: enrolment, organisation: context.organisation,
                                                  actor: context.actor(.assessor), on: context.connection)
        else {
            throw Refusal.conflict("\(statement) and that item are already reconciled; the reconciliation is a record and is not replaced.",
                                   kind: "already-reconciled")
        }
        return reconciliation
    }
}

/// A year's reconciliations, for everyone who sees the year.
public struct ListReconciliations: TransactionalUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> [JudgementReconciliation] {
        _ = try context.visibleEnrolment(enrolment)
        return try ReconciliationRepository.all(of: enrolment, organisation: context.organisation, on: context.connection)
    }
}
