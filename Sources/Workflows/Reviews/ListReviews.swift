public import Domain
internal import Store

/// A year's reviews at 3, 6, 9 and 12 months, amendments included.
public struct ListReviews: TransactionalUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> [Review] {
        let record = try context.visibleEnrolment(enrolment)
        let reviews = try ReviewRepository.reviews(of: enrolment, organisation: context.organisation, on: context.connection)
        try context.recordRead(.review, reviews.map(\.id.uuid), .reviewRead, as: EnrolmentAccess.actingRole(context.caller, on: record.enrolment))
        return reviews
    }
}
