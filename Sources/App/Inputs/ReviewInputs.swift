internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension NewReview {
    /// `POST /v1/enrolments/{id}/reviews`.
    static func parse(_ fields: inout JSONFields) throws -> NewReview {
        let milestone = fields.int("milestone", range: 3...12)
        let heldOn = fields.day("heldOn")
        let progress = fields.string("progress", maxLength: 20_000)
        let statements = fields.strings("statements", required: false) ?? []
        let assessorComments = fields.string("assessorComments", required: false, maxLength: 20_000) ?? ""
        let lineManagerComments = fields.string("lineManagerComments", required: false, maxLength: 20_000) ?? ""
        let agreedActions = fields.string("agreedActions", required: false, maxLength: 20_000) ?? ""
        let circumstances = fields.string("assessorChangeCircumstances", required: false, maxLength: 4000)
        let amends = fields.id("amendsReviewId", required: false, as: ReviewID.self)
        let amendmentReason = fields.string("amendmentReason", required: false, maxLength: 4000)
        let (months, held, text) = try fields.finish(milestone, heldOn, progress)
        return NewReview(milestone: months, heldOn: held, progress: text, statements: statements, assessorComments: assessorComments,
                         lineManagerComments: lineManagerComments, agreedActions: agreedActions, assessorChangeCircumstances: circumstances,
                         amends: amends, amendmentReason: amendmentReason)
    }
}

extension ReviewEdit {
    /// `PATCH /v1/enrolments/{id}/reviews/{reviewId}`: only what is sent changes.
    static func parse(_ fields: inout JSONFields) throws -> ReviewEdit {
        let edit = ReviewEdit(
            progress: fields.string("progress", required: false, maxLength: 20_000),
            statements: fields.strings("statements", required: false),
            assessorComments: fields.string("assessorComments", required: false, maxLength: 20_000),
            lineManagerComments: fields.string("lineManagerComments", required: false, maxLength: 20_000),
            nqswComments: fields.string("nqswComments", required: false, maxLength: 20_000),
            agreedActions: fields.string("agreedActions", required: false, maxLength: 20_000),
            assessorChangeCircumstances: fields.string("assessorChangeCircumstances", required: false, maxLength: 4000))
        try fields.finish()
        return edit
    }
}
