internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// A concern as the API shows it.
struct ConcernBody: Encodable, Sendable {
    var id: String
    var raisedBy: String
    var raisedOn: String
    var category: String
    var severity: String
    var description: String
    var statements: [String]
    var evidenceIds: [String]
    var shareDue: String
    var sharedOn: String?
    var shareOverdue: Bool
    var nqswResponse: String?
    var respondedOn: String?
    var outcome: String?
    var outcomeOn: String?
    var open: Bool
    var escalationState: String?
    var escalationDecision: String?
    var referredToSocialWorkEngland: Bool?

    init(_ status: ConcernStatus) {
        let concern = status.concern
        id = concern.id.description
        raisedBy = concern.raisedBy.description
        raisedOn = concern.raisedOn.description
        category = concern.category.rawValue
        severity = concern.severity.rawValue
        description = concern.description
        statements = concern.statements
        evidenceIds = concern.evidence.map(\.description)
        shareDue = status.shareDue.description
        sharedOn = concern.sharedOn?.description
        shareOverdue = status.shareOverdue
        nqswResponse = concern.nqswResponse
        respondedOn = concern.respondedOn?.description
        outcome = concern.outcome
        outcomeOn = concern.outcomeOn?.description
        open = concern.isOpen
        escalationState = status.escalationState
        escalationDecision = status.escalationDecision
        referredToSocialWorkEngland = status.referredToSocialWorkEngland
    }
}
