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
                command = .decide(EscalationDecision(action: action, reasons: reasons, referralGrounds: parsedGrounds.sorted(), referredOn: referredOn))
            }
        case nil:
            break
        }
        return try fields.finish(command)
    }
}
