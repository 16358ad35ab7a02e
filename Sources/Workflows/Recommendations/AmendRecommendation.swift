public import Domain
public import Store

/// The assessor amends a submitted recommendation: a new version with a
/// reason; earlier versions and their snapshots stay.
public struct AmendRecommendation: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var proposal: RecommendationProposal
    public var reason: String
    public var expectedVersion: Int?

    public init(_ enrolment: EnrolmentID, _ proposal: RecommendationProposal, reason: String, expectedVersion: Int?) {
        self.enrolment = enrolment
        self.proposal = proposal
        self.reason = reason
        self.expectedVersion = expectedVersion
    }

    public func run(in context: UseCaseContext) throws -> RecommendationRecord {
        try context.recordRecommendation(enrolment, proposal, amendment: Amendment(reason: reason, expectedVersion: expectedVersion))
    }
}
