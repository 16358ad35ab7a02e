public import Domain
internal import Store

/// A year's evidence items with their mappings, judgements and verification.
public struct ListEvidence: TransactionalUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> [EvidenceItem] {
        let record = try context.visibleEnrolment(enrolment)
        let items = try EvidenceRepository.items(of: enrolment, organisation: record.enrolment.organisationID, on: context.connection)
        try context.recordRead(.evidence, items.map(\.id.uuid), .evidenceRead, as: EnrolmentAccess.actingRole(context.caller, on: record.enrolment))
        return items
    }
}
