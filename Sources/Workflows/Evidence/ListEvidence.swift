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

/// A page of a year's evidence, in portfolio order: what the API lists, so
/// one large portfolio is never read (or sent) whole.
public struct ListEvidencePage: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var after: EvidenceID?
    public var limit: Int

    public init(_ enrolment: EnrolmentID, after: EvidenceID?, limit: Int) {
        self.enrolment = enrolment
        self.after = after
        self.limit = limit
    }

    public func run(in context: UseCaseContext) throws -> (items: [EvidenceItem], next: EvidenceID?) {
        let record = try context.visibleEnrolment(enrolment)
        let page = try EvidenceRepository.page(of: enrolment, after: after, limit: limit, organisation: context.organisation, on: context.connection)
        try context.recordRead(.evidence, page.items.map(\.id.uuid), .evidenceRead, as: EnrolmentAccess.actingRole(context.caller, on: record.enrolment))
        return (page.items, page.more ? page.items.last?.id : nil)
    }
}
