internal import Foundation
internal import Domain
internal import Store

/// The viewer's part in a review: which signature and which comments are theirs.
struct ReviewPart: Sendable {
    var signer: ReviewSigner
    var commentsField: String
    var commentsLabel: String

    init?(_ enrolment: Enrolment, viewer: Viewer) {
        switch viewer.person.id {
        case enrolment.nqswID: (signer, commentsField, commentsLabel) = (.nqsw, "nqswComments", "Your comments")
        case enrolment.assessorID: (signer, commentsField, commentsLabel) = (.assessor, "assessorComments", "Assessor's comments")
        case enrolment.lineManagerID: (signer, commentsField, commentsLabel) = (.lineManager, "lineManagerComments", "Line manager's comments")
        default: return nil
        }
    }
}

/// Recording a review: which milestone, when, progress, actions and the recorder's own comments.
struct ReviewForm: Sendable {
    struct Milestone: Sendable {
        var value: Int
        var label: String
        var checked: Bool
    }

    var name: String
    var portfolioPath: String
    var action: String
    var milestones: [Milestone]
    var commentsField: String
    var commentsLabel: String
    var comments: String

    init(id: EnrolmentID, record: EnrolmentRecord, part: ReviewPart, form: FormBody?) {
        name = record.nqswName
        portfolioPath = "/nqsws/\(id)"
        action = "/nqsws/\(id)/reviews"
        milestones = [(3, "3-month review"), (6, "6-month review"), (9, "9-month review"), (12, "Final (12-month) review")].map {
            Milestone(value: $0.0, label: $0.1, checked: form?["milestone"] == String($0.0))
        }
        commentsField = part.commentsField
        commentsLabel = part.commentsLabel
        comments = form?[part.commentsField] ?? ""
    }
}

/// One review: what was said, who signed, and the viewer's own comments and signature.
struct ReviewView: Sendable {
    struct Entry: Sendable {
        var label: String
        var text: String
    }

    struct Signature: Sendable {
        var label: String
        var on: String
    }

    var name: String
    var backPath: String
    var path: String
    var heldOn: String
    var status: StatusTag
    var version: Int
    var progress: String
    var agreedActions: String
    var comments: [Entry]
    var signatures: [Signature]
    var canComment: Bool
    var commentsField: String
    var commentsLabel: String
    var ownComments: String
    var canSign: Bool

    init(id: EnrolmentID, record: EnrolmentRecord, review: Review, part: ReviewPart?, form: FormBody?) {
        let state = review.machine.state
        name = record.nqswName
        backPath = part?.signer == .nqsw ? "/my-year" : "/nqsws/\(id)"
        path = "/nqsws/\(id)/reviews/\(review.id)"
        heldOn = review.heldOn.description
        status = StatusTag(state.name)
        version = review.version
        progress = review.progress
        agreedActions = review.agreedActions
        comments = [("Assessor's comments", review.assessorComments), ("Line manager's comments", review.lineManagerComments),
                    ("NQSW's comments", review.nqswComments)].map { Entry(label: $0.0, text: $0.1.isEmpty ? "None yet" : $0.1) }
        signatures = [("NQSW", ReviewSigner.nqsw), ("Assessor", .assessor), ("Line manager", .lineManager)].map {
            Signature(label: $0.0, on: review.signatures[$0.1].map { "Signed on \($0)" } ?? "Not signed")
        }
        canComment = part != nil && state == .draft
        commentsField = part?.commentsField ?? ""
        commentsLabel = part?.commentsLabel ?? ""
        let own: String = switch part?.signer {
        case .nqsw: review.nqswComments
        case .assessor: review.assessorComments
        case .lineManager: review.lineManagerComments
        case nil: ""
        }
        ownComments = form?[commentsField] ?? own
        canSign = part.map { state != .signed && review.signatures[$0.signer] == nil } ?? false
    }
}
