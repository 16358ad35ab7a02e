internal import Foundation

/// A status as a tag: words first (colour is never the only signal), and a
/// colour chosen by what the status means for the person reading it.
struct StatusTag: Sendable, Hashable {
    var text: String
    var colour: String

    init(_ status: String) {
        colour = switch status {
        case "done", "met", "signed", "compliant", "decided", "PASS", "confirm", "closed", "agreed", "active", "passed", "meets": "green"
        case "overdue", "not met", "FAIL", "not compliant", "fitness_to_practise", "escalated", "failed", "awaiting_acknowledgement", "does_not_yet_meet",
             "contradictory": "red"
        case "due", "DEFER", "recorded", "draft", "under_review", "listed", "in_session", "refer_back", "defer", "acknowledged", "partly_meets", "signing": "yellow"
        case "pending", "cancelled", "withdrawn", "released", "unjudged": "grey"
        default: "blue"
        }
        text = status.replacingOccurrences(of: "_", with: " ")
    }
}
