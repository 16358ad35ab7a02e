internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// A plan as the API shows it.
struct PlanBody: Encodable, Sendable {
    struct Objective: Encodable, Sendable {
        var number: Int
        var description: String
        var statements: [String]
        var targetDate: String
        var lastOutcome: String?
        var lastReviewedOn: String?
    }

    var id: String
    var state: String
    var concernIds: [String]
    var support: String
    var nextReviewOn: String
    var extensions: Int
    var maximumExtensions: Int
    var acknowledgements: [String: String]
    var nqswComments: String?
    var procedure: String?
    var procedureOutcome: String?
    var cancelReason: String?
    var supportActions: [SupervisionBody.Action]
    var closingOutcome: String?
    var closingEvidence: String?
    var objectives: [Objective]
    var openedOn: String
    /// Which version of the content this is; acknowledgements name it (see the history).
    var contentVersion: Int
    var version: Int

    init(_ plan: PlanRecord) {
        openedOn = plan.openedOn.description
        contentVersion = plan.contentVersion
        id = plan.id.uuidString.lowercased()
        state = plan.machine.state.name
        concernIds = plan.concernIDs.map(\.description)
        support = plan.support
        nextReviewOn = plan.nextReviewOn.description
        extensions = plan.machine.extensions
        maximumExtensions = plan.machine.maximumExtensions
        acknowledgements = Dictionary(uniqueKeysWithValues: plan.acknowledgements.map { ($0.key.rawValue, $0.value.description) })
        nqswComments = plan.nqswComments
        supportActions = plan.supportActions.map { .init(description: $0.description, ownerId: $0.ownerID.description, dueOn: $0.dueOn.description) }
        closingOutcome = plan.closing?.outcome.rawValue
        closingEvidence = plan.closing.flatMap { $0.evidence.isEmpty ? nil : $0.evidence }
        switch plan.machine.state {
        case .escalated(let name, let outcome): procedure = name; procedureOutcome = outcome
        case .cancelled(let reason): cancelReason = reason
        case .draft, .agreed, .active, .underReview, .closed: break
        }
        objectives = plan.objectives.map {
            Objective(number: $0.number, description: $0.description, statements: $0.statements, targetDate: $0.targetDate.description, lastOutcome: $0.lastOutcome,
                      lastReviewedOn: $0.lastReviewedOn?.description)
        }
        version = plan.version
    }
}

/// `GET …/plans/{planId}/history`: every version of the plan's content, who
/// acknowledged which version and when, the objectives' reviews and the steps.
struct PlanHistoryBody: Encodable, Sendable {
    struct Version: Encodable, Sendable {
        var contentVersion: Int
        var support: String
        var supportActions: [SupervisionBody.Action]
        var nextReviewOn: String
        var objectives: [PlanVersion.Objective]
        var recordedBy: String?
        var recordedAt: Date
    }

    struct Acknowledgement: Encodable, Sendable {
        var party: String
        var contentVersion: Int
        var acknowledgedOn: String?
        var acknowledgedBy: String?
        var comments: String?
        var enteredAt: Date?
    }

    struct Review: Encodable, Sendable {
        var number: Int
        var outcome: String
        var note: String
        var reviewedOn: String
        var enteredAt: Date
    }

    var planId: String
    var versions: [Version]
    var acknowledgements: [Acknowledgement]
    var reviews: [Review]
    var steps: [AuditEventBody]

    init(plan: UUID, _ history: PlanHistory) {
        planId = plan.uuidString.lowercased()
        versions = history.versions.map {
            Version(contentVersion: $0.contentVersion, support: $0.support,
                    supportActions: $0.supportActions.map { .init(description: $0.description, ownerId: $0.ownerID.description, dueOn: $0.dueOn.description) },
                    nextReviewOn: $0.nextReviewOn.description, objectives: $0.objectives, recordedBy: $0.recordedBy?.description, recordedAt: $0.recordedAt)
        }
        acknowledgements = history.acknowledgements.map {
            Acknowledgement(party: $0.party.rawValue, contentVersion: $0.contentVersion, acknowledgedOn: $0.acknowledgedOn?.description,
                            acknowledgedBy: $0.acknowledgedBy?.description, comments: $0.comments, enteredAt: $0.enteredAt)
        }
        reviews = history.reviews.map {
            Review(number: $0.number, outcome: $0.outcome, note: $0.note, reviewedOn: $0.reviewedOn.description, enteredAt: $0.enteredAt)
        }
        steps = history.steps.map(AuditEventBody.init)
    }
}
