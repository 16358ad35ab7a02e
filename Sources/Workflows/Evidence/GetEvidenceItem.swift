public import Domain
public import Store

/// One evidence item and the year it belongs to (the pages' judging view).
public struct GetEvidenceItem: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var evidence: EvidenceID

    public init(_ enrolment: EnrolmentID, _ evidence: EvidenceID) {
        self.enrolment = enrolment
        self.evidence = evidence
    }

    public func run(in context: UseCaseContext) throws -> EvidenceInContext {
        let (record, item) = try context.visibleEvidence(enrolment, evidence)
        try context.recordRead(.evidence, [item.id.uuid], .evidenceRead, as: EnrolmentAccess.actingRole(context.caller, on: record.enrolment))
        return EvidenceInContext(record: record, item: item)
    }
}

/// An evidence item with its enrolment, whose people name the item's author and judges.
public struct EvidenceInContext: Sendable {
    public var record: EnrolmentRecord
    public var item: EvidenceItem
}
