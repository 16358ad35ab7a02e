public import Domain
public import Store

/// The current assessor submits the final recommendation at the final review,
/// with a snapshot of what the sufficiency check found.
public struct SubmitRecommendation: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var proposal: RecommendationProposal

    public init(_ enrolment: EnrolmentID, _ proposal: RecommendationProposal) {
        self.enrolment = enrolment
        self.proposal = proposal
    }

    public func run(in context: UseCaseContext) throws -> RecommendationRecord {
        try context.recordRecommendation(enrolment, proposal, amendment: nil)
    }
}
