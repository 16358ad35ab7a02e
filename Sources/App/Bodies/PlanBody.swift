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
    var version: Int

    init(_ plan: PlanRecord) {
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
            Objective(number: $0.number, description: $0.description, statements: $0.statements, targetDate: $0.targetDate.description, lastOutcome: $0.lastOutcome)
        }
        version = plan.version
    }
}
