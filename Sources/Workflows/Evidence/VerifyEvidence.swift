public import Domain
internal import Store

/// The NQSW's current assessor verifies an item against its source, once.
public struct VerifyEvidence: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var evidence: EvidenceID
    /// The version the assessor read, if they sent `If-Match` (verifying happens once, so it is optional).
    public var expectedVersion: Int?

    public init(_ enrolment: EnrolmentID, _ evidence: EvidenceID, expectedVersion: Int?) {
        self.enrolment = enrolment
        self.evidence = evidence
        self.expectedVersion = expectedVersion
    }

    public func run(in context: UseCaseContext) throws -> EvidenceItem {
        let (record, current) = try context.visibleEvidence(enrolment, evidence)
        try Refusal.require(EnrolmentAccess.canAssess(context.caller, record.enrolment),
                            "Only the NQSW's current assessor verifies evidence against its source.")
        try Refusal.requireVersion(expectedVersion, current: current.version)
        guard try EvidenceRepository.verify(evidence, organisation: context.organisation, by: context.caller.personID, on: context.today,
                                            actor: context.actor(.assessor), on: context.connection)
        else { throw Refusal.conflict("This item has already been verified.", kind: "already-verified") }
        return try context.visibleEvidence(enrolment, evidence).1
    }
}
