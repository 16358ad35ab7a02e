internal import Foundation
/// What each form says when an answer is missing, in the form's own words
/// ("Choose the level…") rather than the API's bare "Required.": the error
/// summary is read out of context, so each message names what to do.
enum MissingAnswer {
    static let messages: [String: [String: String]] = [
        "evidence-item": [
            "level": "Choose the level the evidence meets", "feedback": "Enter your feedback to the NQSW",
        ],
        "review-new": [
            "milestone": "Choose which review this is", "heldOn": "Enter the date the review was held",
            "progress": "Enter the NQSW's progress against the KSS and PCF",
        ],
        "panel-new": [
            "sitsOn": "Enter the date the panel sits", "startsAt": "Enter the time the panel starts",
            "endsAt": "Enter the time the panel ends", "location": "Enter where the panel meets",
            "capacity": "Enter how many cases the panel can hear", "evidenceDeadline": "Enter the deadline for evidence",
            "chairId": "Choose the chair", "memberIds": "Choose the panel's members",
        ],
        "panel-case": [
            "kind": "Choose what the panel decides", "reason": "Enter why you should not decide this case",
        ],
        "recommendation-form": [
            "outcome": "Choose the outcome you recommend", "rationale": "Enter the reasons for your recommendation",
        ],
        "escalation": [
            "action": "Choose what happens next", "reasons": "Enter the reasons for your decision",
        ],
        "portfolio": [
            "assessorId": "Choose the new assessor", "changedOn": "Enter the date the new assessor takes over",
            "circumstances": "Enter why the assessor changes",
            "scheduledFor": "Enter the date of the session", "held": "Choose whether the session was held",
            "actions-0-description": "Enter the action agreed", "actions-0-ownerId": "Choose whose action it is",
            "actions-0-dueOn": "Enter the date the action is due by",
        ],
        "my-year": ["text": "Enter your response"],
        "panel": ["presentIds": "Tick the members who are present"],
    ]

    static func message(form template: String, field: String) -> String? {
        messages[template]?[field]
    }
}
