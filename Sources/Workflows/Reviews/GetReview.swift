public import Domain
public import Store

/// One review of a year, with the year it belongs to (the review page).
public struct GetReview: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var review: ReviewID

    public init(_ enrolment: EnrolmentID, _ review: ReviewID) {
        self.enrolment = enrolment
        self.review = review
    }

    public func run(in context: UseCaseContext) throws -> ReviewInContext {
        let (record, review) = try context.visibleReview(enrolment, review)
        return ReviewInContext(record: record, review: review)
    }
}

/// A review and its year, whose people tell the viewer's part in it.
public struct ReviewInContext: Sendable {
    public var record: EnrolmentRecord
    public var review: Review
}
