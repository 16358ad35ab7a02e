public import Domain
internal import Store

/// A year's reviews at 3, 6, 9 and 12 months, amendments included.
public struct ListReviews: TransactionalUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> [Review] {
        _ = try context.visibleEnrolment(enrolment)
        return try ReviewRepository.reviews(of: enrolment, organisation: context.organisation, on: context.connection)
    }
}
