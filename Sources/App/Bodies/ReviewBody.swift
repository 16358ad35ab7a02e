internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// A review as the API shows it.
struct ReviewBody: Encodable, Sendable {
    var id: String
    var milestone: Int
    var final: Bool
    var heldOn: String
    var progress: String
    var statements: [String]
    var assessorComments: String
    var lineManagerComments: String
    var nqswComments: String
    var agreedActions: String
    var assessorChangeCircumstances: String?
    var amendsReviewId: String?
    var amendmentReason: String?
    /// `draft`, `signing` or `signed`.
    var status: String
    var signatures: [String: String]
    var version: Int

    init(_ review: Review) {
        id = review.id.description
        milestone = review.milestone
        final = review.isFinal
        heldOn = review.heldOn.description
        progress = review.progress
        statements = review.statements
        assessorComments = review.assessorComments
        lineManagerComments = review.lineManagerComments
        nqswComments = review.nqswComments
        agreedActions = review.agreedActions
        assessorChangeCircumstances = review.assessorChangeCircumstances
        amendsReviewId = review.amends?.description
        amendmentReason = review.amendmentReason
        status = review.machine.state.name
        signatures = Dictionary(uniqueKeysWithValues: review.signatures.map { ($0.key.rawValue, $0.value.description) })
        version = review.version
    }
}
