internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// A sample as the API shows it; external moderators see case numbers and their own reviews only.
struct ModerationSampleBody: Encodable, Sendable {
    struct Case: Encodable, Sendable {
        var number: Int
        var reason: String
        var outcome: String?
        var panelId: String?
        var enrolmentId: String?
        var nqswName: String?
    }

    struct Dispute: Encodable, Sendable {
        var id: String
        var state: String
        var resolution: String?
        var settledBy: String?
        var settledOn: String?
        var citedEvidenceIds: [String]
        var citedReviewIds: [String]
        /// The settlement referred the case back to a panel (a new listing; the decision stands until that panel signs).
        var refersToPanel: Bool
        var version: Int
    }

    struct Review: Encodable, Sendable {
        var id: String
        var caseNumber: Int
        var moderatorId: String
        var verdict: String
        var comments: [String: String]
        var dispute: Dispute?
    }

    struct Moderator: Encodable, Sendable {
        var personId: String
        var external: Bool
    }

    var id: String
    var decidedFrom: String
    var decidedTo: String
    var seed: Int64
    var share: Double
    /// Who drew it and when; a redraw names the sample it replaces and why.
    var drawnBy: String?
    var drawnAt: Date
    var replaces: String?
    var redrawReason: String?
    /// Every sampled case reviewed and every dispute settled.
    var complete: Bool
    var cases: [Case]
    var moderators: [Moderator]
    var reviews: [Review]

    init(_ loaded: VisibleSample) {
        let sample = loaded.sample
        let anonymised = loaded.standing.anonymised
        id = sample.id.uuidString.lowercased()
        decidedFrom = sample.decidedFrom.description
        decidedTo = sample.decidedTo.description
        seed = sample.seed
        share = sample.share
        drawnBy = anonymised ? nil : sample.drawnBy.description
        drawnAt = sample.drawnAt
        replaces = sample.replaces?.uuidString.lowercased()
        redrawReason = sample.redrawReason
        complete = sample.isComplete
        cases = sample.cases.map { sampled in
            let record = loaded.cases[sampled.caseID]
            return Case(number: sampled.number, reason: sampled.reason, outcome: record?.decision?.outcome.rawValue,
                        panelId: anonymised ? nil : record?.panelID.description, enrolmentId: anonymised ? nil : record?.enrolmentID.description,
                        nqswName: record.flatMap { loaded.names[$0.enrolmentID] })
        }
        moderators = anonymised ? [] : sample.moderators.map { Moderator(personId: $0.personID.description, external: $0.external) }
        let numbers = Dictionary(uniqueKeysWithValues: sample.cases.map { ($0.caseID, $0.number) })
        reviews = sample.reviews.filter { !anonymised || $0.moderatorID == loaded.viewer }.map { review in
            Review(id: review.id.uuidString.lowercased(), caseNumber: numbers[review.caseID] ?? 0, moderatorId: review.moderatorID.description,
                   verdict: review.verdict.rawValue, comments: review.comments,
                   dispute: review.dispute.map {
                       Dispute(id: $0.id.uuidString.lowercased(), state: $0.settled ? "settled" : "open", resolution: $0.resolution,
                               settledBy: $0.settledBy?.description, settledOn: $0.settledOn?.description,
                               citedEvidenceIds: $0.citedEvidence.map { $0.uuidString.lowercased() },
                               citedReviewIds: $0.citedReviews.map { $0.uuidString.lowercased() }, refersToPanel: $0.refersToPanel,
                               version: $0.version)
                   })
        }
    }
}
