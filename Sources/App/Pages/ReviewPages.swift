internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The 3, 6, 9 and 12-month reviews as the people at them see them: the
/// assessor or line manager records one, each of the three adds their own
/// comments while it is a draft, and each signs their part.
struct ReviewPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("nqsws/{enrolmentId}/reviews/new", use: newReview)
        router.post("nqsws/{enrolmentId}/reviews", use: create)
        router.get("nqsws/{enrolmentId}/reviews/{reviewId}", use: review)
        router.post("nqsws/{enrolmentId}/reviews/{reviewId}/comments", use: comment)
        router.post("nqsws/{enrolmentId}/reviews/{reviewId}/signature", use: sign)
    }

    // MARK: - Recording a review

    @Sendable func newReview(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await formPage(viewer, form: nil, context: context) }
    }

    private func formPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let id: EnrolmentID = try context.pageID("enrolmentId")
        let record = try await web.run(GetEnrolment(id), for: viewer, context)
        guard let part = ReviewPart(record.enrolment, viewer: viewer), part.signer != .nqsw else {
            throw Problem.forbidden("The assessor or line manager records a review.")
        }
        return Page(.reviewNew, title: "Record a review", content: ReviewForm(id: id, record: record, part: part, form: form))
    }

    @Sendable func create(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id: EnrolmentID = try context.pageID("enrolmentId")
            var fields = form.json(strings: ["progress", "agreedActions", "assessorComments", "lineManagerComments"], dates: ["heldOn"], numbers: ["milestone"])
            let review = try await web.run(RecordReview(id, try NewReview.parse(&fields)), for: viewer, context)
            return "/nqsws/\(id)/reviews/\(review.id)?done=review-recorded"
        }, showAgain: { viewer, form, _ in try await formPage(viewer, form: form, context: context) })
    }

    // MARK: - One review

    @Sendable func review(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await reviewPage(viewer, form: nil, context: context) }
    }

    private func reviewPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let (id, reviewID): (EnrolmentID, ReviewID) = (try context.pageID("enrolmentId"), try context.pageID("reviewId"))
        let found = try await web.run(GetReview(id, reviewID), for: viewer, context)
        let (record, review) = (found.record, found.review)
        let title = review.isFinal ? "Final (12-month) review" : "\(review.milestone)-month review"
        return Page(.review, title: title, content: ReviewView(id: id, record: record, review: review, part: ReviewPart(record.enrolment, viewer: viewer), form: form))
    }

    @Sendable func comment(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let (id, reviewID): (EnrolmentID, ReviewID) = (try context.pageID("enrolmentId"), try context.pageID("reviewId"))
            let record = try await web.run(GetEnrolment(id), for: viewer, context)
            guard let part = ReviewPart(record.enrolment, viewer: viewer) else { throw Problem.forbidden("Only the people at the review comment on it.") }
            var fields = JSONFields(object: [part.commentsField: .string(form[part.commentsField] ?? "")])
            let edit = try ReviewEdit.parse(&fields)
            _ = try await web.run(EditReview(id, reviewID, expectedVersion: form.expectedVersion, edit: edit), for: viewer, context)
            return "/nqsws/\(id)/reviews/\(reviewID)?done=review-commented"
        }, showAgain: { viewer, form, problem in
            try await reviewPage(viewer, form: problem.status == .preconditionFailed ? nil : form, context: context)
        })
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let (id, reviewID): (EnrolmentID, ReviewID) = (try context.pageID("enrolmentId"), try context.pageID("reviewId"))
            _ = try await web.run(SignReview(id, reviewID, expectedVersion: form.expectedVersion), for: viewer, context)
            return "/nqsws/\(id)/reviews/\(reviewID)?done=review-signed"
        }, showAgain: { viewer, _, _ in try await reviewPage(viewer, form: nil, context: context) })
    }
}
