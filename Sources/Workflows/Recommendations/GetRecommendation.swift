public import Domain
public import Store

/// The assessor's final recommendation with every version, if there is one yet.
public struct GetRecommendation: TransactionalUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> RecommendationRecord? {
        _ = try context.visibleEnrolment(enrolment)
        return try RecommendationRepository.find(for: enrolment, organisation: context.organisation, on: context.connection)
    }
}
