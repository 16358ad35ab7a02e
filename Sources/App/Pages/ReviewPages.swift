internal import Hummingbird
internal import Domain
internal import Foundation

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

    /// The viewer's part in a review: which signature and which comments are theirs.
    struct Part {
        var signature: String
        var commentsField: String
        var commentsLabel: String

        init?(_ enrolment: JSONValue, viewer: Viewer) {
            switch viewer.personID {
            case enrolment["nqsw"]["id"].string: self.init(signature: "nqsw", commentsField: "nqswComments", commentsLabel: "Your comments")
            case enrolment["assessor"]["id"].string:
                self.init(signature: "assessor", commentsField: "assessorComments", commentsLabel: "Assessor's comments")
            case enrolment["lineManager"]["id"].string:
                self.init(signature: "line_manager", commentsField: "lineManagerComments", commentsLabel: "Line manager's comments")
            default: return nil
            }
        }

        private init(signature: String, commentsField: String, commentsLabel: String) {
            self.signature = signature
            self.commentsField = commentsField
            self.commentsLabel = commentsLabel
        }
    }

    private static func ids(_ context: QuorumContext) -> (enrolment: String, review: String) {
        ((context.parameters.get("enrolmentId") ?? "").pathSegment, (context.parameters.get("reviewId") ?? "").pathSegment)
    }

    // MARK: - Recording a review

    @Sendable func newReview(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await formPage(viewer, form: nil, context: context) }
    }

    private func formPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let id = Self.ids(context).enrolment
        let enrolment = try await web.api.get("/v1/enrolments/\(id)", session: viewer.session.secret, context: context)
        guard let part = Part(enrolment, viewer: viewer), part.signature != "nqsw" else {
            throw InternalAPI.Refusal(problem: Problem.forbidden("The assessor or line manager records a review."))
        }
        let chosen = form?["milestone"]
        return Page(template: "review-new", title: "Record a review", values: [
            "name": enrolment["nqsw"]["name"].string ?? "", "portfolioPath": "/nqsws/\(id)", "action": "/nqsws/\(id)/reviews",
            "milestones": [(3, "3-month review"), (6, "6-month review"), (9, "9-month review"), (12, "Final (12-month) review")].map {
                ["value": $0.0, "label": $0.1, "checked": chosen == String($0.0)]
            },
            "commentsField": part.commentsField, "commentsLabel": part.commentsLabel, "comments": form?[part.commentsField] ?? "",
        ])
    }

    @Sendable func create(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = Self.ids(context).enrolment
        return await web.action(request, context: context, perform: { viewer, form in
            var body: [String: JSONValue] = [:]
            if let milestone = form["milestone"] { body["milestone"] = Int(milestone).map { .number(Double($0)) } ?? .string(milestone) }
            for name in ["heldOn", "progress", "agreedActions", "assessorComments", "lineManagerComments"] {
                if let value = form[name], !value.isEmpty || name == "heldOn" || name == "progress" { body[name] = .string(value) }
            }
            let created = try await web.api.call(.post, "/v1/enrolments/\(id)/reviews", body: .object(body), session: viewer.session.secret, context: context)
            return "/nqsws/\(id)/reviews/\((created.body["id"].string ?? "").pathSegment)?done=review-recorded"
        }, showAgain: { viewer, form, _ in try await formPage(viewer, form: form, context: context) })
    }

    // MARK: - One review

    @Sendable func review(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await reviewPage(viewer, form: nil, context: context) }
    }

    private func reviewPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let (id, reviewID) = Self.ids(context)
        let session = viewer.session.secret
        async let enrolmentReply = web.api.get("/v1/enrolments/\(id)", session: session, context: context)
        async let reviewsReply = web.api.get("/v1/enrolments/\(id)/reviews", session: session, context: context)
        let (enrolment, reviews) = try await (enrolmentReply, reviewsReply)
        guard let review = reviews["items"].array.first(where: { $0["id"].string?.pathSegment == reviewID }) else {
            throw InternalAPI.Refusal(problem: Problem.notFound("review"))
        }
        let part = Part(enrolment, viewer: viewer)
        let status = review["status"].string ?? ""
        let signatures = review["signatures"]
        let title = review["final"].bool ? "Final (12-month) review" : "\(review["milestone"].int ?? 0)-month review"
        return Page(template: "review", title: title, values: [
            "name": enrolment["nqsw"]["name"].string ?? "",
            "backPath": part?.signature == "nqsw" ? "/my-year" : "/nqsws/\(id)", "path": "/nqsws/\(id)/reviews/\(reviewID)",
            "heldOn": review["heldOn"].string ?? "", "status": StatusTag.make(status), "version": review["version"].int ?? 0,
            "progress": review["progress"].string ?? "", "agreedActions": review["agreedActions"].string ?? "",
            "comments": [("Assessor's comments", "assessorComments"), ("Line manager's comments", "lineManagerComments"), ("NQSW's comments", "nqswComments")]
                .map { ["label": $0.0, "text": review[$0.1].string.flatMap { $0.isEmpty ? nil : $0 } ?? "None yet"] },
            "signatures": [("NQSW", "nqsw"), ("Assessor", "assessor"), ("Line manager", "line_manager")]
                .map { ["label": $0.0, "on": signatures[$0.1].string.map { "Signed on \($0)" } ?? "Not signed"] },
            "canComment": part != nil && status == "draft",
            "commentsField": part?.commentsField ?? "", "commentsLabel": part?.commentsLabel ?? "",
            "ownComments": form?[part?.commentsField ?? ""] ?? review[part?.commentsField ?? ""].string ?? "",
            "canSign": part.map { status != "signed" && signatures[$0.signature] == .null } ?? false,
        ])
    }

    @Sendable func comment(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, reviewID) = Self.ids(context)
        return await web.action(request, context: context, perform: { viewer, form in
            let enrolment = try await web.api.get("/v1/enrolments/\(id)", session: viewer.session.secret, context: context)
            guard let part = Part(enrolment, viewer: viewer) else { throw InternalAPI.Refusal(problem: Problem.forbidden("Only the people at the review comment on it.")) }
            _ = try await web.api.call(.patch, "/v1/enrolments/\(id)/reviews/\(reviewID)", body: .object([part.commentsField: .string(form[part.commentsField] ?? "")]),
                                       ifMatch: form.ifMatch, session: viewer.session.secret, context: context)
            return "/nqsws/\(id)/reviews/\(reviewID)?done=review-commented"
        }, showAgain: { viewer, form, problem in
            try await reviewPage(viewer, form: problem.status == .preconditionFailed ? nil : form, context: context)
        })
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, reviewID) = Self.ids(context)
        return await web.action(request, context: context, perform: { viewer, form in
            _ = try await web.api.call(.post, "/v1/enrolments/\(id)/reviews/\(reviewID)/signatures",
                                       ifMatch: form.ifMatch, session: viewer.session.secret, context: context)
            return "/nqsws/\(id)/reviews/\(reviewID)?done=review-signed"
        }, showAgain: { viewer, _, _ in try await reviewPage(viewer, form: nil, context: context) })
    }
}
