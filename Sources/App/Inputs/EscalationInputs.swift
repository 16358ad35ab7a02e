internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension EscalationCommand {
    /// What `event` names: acknowledge, note (with `text`) or decide (with an
    /// action, reasons and perhaps a referral's grounds and date).
    enum Name: String, CaseIterable {
        case acknowledge
        case note
        case decide
    }

    /// `POST /v1/escalations/{id}/events`.
    static func parse(_ fields: inout JSONFields) throws -> EscalationCommand {
        let name = fields.choice("event", as: Name.self)
        let text = fields.string("text", required: false, maxLength: 8000)
        let action = fields.choice("action", required: name == .decide, as: EscalationDecision.Action.self)
        let reasons = fields.string("reasons", required: name == .decide, maxLength: 8000)
        let grounds = fields.strings("referralGrounds", required: false) ?? []
        let referredOn = fields.day("referredOn", required: false)
        let reference = fields.string("regulatorReference", required: false, maxLength: 100)
        let parsedGrounds = grounds.compactMap(ReferralGround.init(rawValue:))
        if parsedGrounds.count != grounds.count {
            fields.add("referralGrounds", "Expected Social Work England's grounds: \(ReferralGround.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        var command: EscalationCommand?
        switch name {
        case .acknowledge?: command = .acknowledge
        case .note?:
            if (text ?? "").trimmingWhitespace().isEmpty { fields.add("text", "Write the note.") }
            command = text.map { .note($0) }
        case .decide?:
            if let action, let reasons {
                command = .decide(EscalationDecision(action: action, reasons: reasons, referralGrounds: parsedGrounds.sorted(), referredOn: referredOn,
                                                     regulatorReference: reference))
            }
        case nil:
            break
        }
        return try fields.finish(command)
    }
}

extension EscalateConcern {
    /// `POST /v1/enrolments/{id}/concerns/{cid}/escalation`: why, and perhaps the plan behind it.
    static func parse(_ fields: inout JSONFields, enrolment: EnrolmentID, concern: ConcernID) throws -> EscalateConcern {
        let reason = fields.string("reason", maxLength: 4000)
        let planText = fields.string("planId", required: false, maxLength: 36)
        let plan = planText.flatMap(UUID.init(uuidString:))
        let occurredOn = fields.day("occurredOn", required: false)
        if planText != nil && plan == nil { fields.add("planId", "Expected a plan's id (a UUID).") }
        if let reason, reason.trimmingWhitespace().isEmpty { fields.add("reason", "Say why this is escalated to the principal social worker.") }
        return EscalateConcern(enrolment, concern, reason: try fields.finish(reason), plan: plan, occurredOn: occurredOn)
    }
}
