internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Reviews at 3, 6, 9 and 12 months, their sign-off, and the change of assessor.
struct ReviewRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/reviews", operationID: "listReviews", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/reviews", operationID: "createReview", create)
        table.add(group, prefix: prefix, .patch, "enrolments/{enrolmentId}/reviews/{reviewId}", operationID: "editReview", edit)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/reviews/{reviewId}/signatures", operationID: "signReview", sign)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/assessor-changes", operationID: "changeAssessor", changeAssessor)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(["items": try await services.run(ListReviews(try context.enrolmentID), context).map(ReviewBody.init)])
    }

    @Sendable func create(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let review = try await services.run(RecordReview(id, try NewReview.parse(&fields)), context)
        return try JSONResponse.make(ReviewBody(review), status: .created, etag: ETag.make(review.version),
                                     location: "/v1/enrolments/\(id)/reviews/\(review.id)")
    }

    @Sendable func edit(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, reviewID): (EnrolmentID, ReviewID) = (try context.enrolmentID, try context.id("reviewId"))
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let review = try await services.run(EditReview(id, reviewID, expectedVersion: expected, edit: try ReviewEdit.parse(&fields)), context)
        return try JSONResponse.make(ReviewBody(review), etag: ETag.make(review.version))
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        let signing = SignReview(try context.enrolmentID, try context.id("reviewId"), expectedVersion: try ETag.requiredVersion(request),
                                 signedOn: try await request.signedOn(limit: context.maxUploadSize))
        let review = try await services.run(signing, context)
        return try JSONResponse.make(ReviewBody(review), etag: ETag.make(review.version))
    }

    @Sendable func changeAssessor(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let record = try await services.run(try ChangeAssessor.parse(&fields, enrolment: id, expectedVersion: expected), context)
        return try JSONResponse.make(EnrolmentBody(record), status: .created, etag: ETag.make(record.enrolment.version))
    }
}
