internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// An escalation as the PSW, coordinator or escalating person sees it.
struct EscalationBody: Encodable, Sendable {
    struct Decision: Encodable, Sendable {
        var action: String
        var reasons: String
        var referralGrounds: [String]
        var referredOn: String?
        var regulatorReference: String?
    }

    struct Note: Encodable, Sendable {
        var authorId: String
        var notedOn: String
        var text: String
    }

    var id: String
    var enrolmentId: String
    var concernId: String
    var escalatedBy: String
    var escalatedOn: String
    var reason: String
    var planId: String?
    var state: String
    var acknowledgeDue: String
    var acknowledgementOverdue: Bool
    /// Whom it is about, so a list can name them (from the pack assembled at escalation).
    var nqswName: String?
    var decision: Decision?
    var pack: JSONValue?
    var notes: [Note]?
    var version: Int

    init(_ status: EscalationStatus, full: Bool) {
        let record = status.record
        id = record.id.uuidString.lowercased()
        enrolmentId = record.enrolmentID.description
        concernId = record.concernID.description
        escalatedBy = record.escalatedBy.description
        escalatedOn = record.escalatedOn.description
        reason = record.reason
        planId = record.planID?.uuidString.lowercased()
        state = record.machine.state.name
        acknowledgeDue = status.acknowledgeDue.description
        acknowledgementOverdue = status.acknowledgementOverdue
        if case .decided(let decision) = record.machine.state {
            self.decision = Decision(action: decision.action.rawValue, reasons: decision.reasons,
                                     referralGrounds: decision.referralGrounds.map(\.rawValue), referredOn: decision.referredOn?.description,
                                     regulatorReference: decision.regulatorReference)
        }
        let decodedPack = JSONValue(storedJSON: record.pack)
        if case .object(let members) = decodedPack, case .string(let name)? = members["nqsw"] { nqswName = name }
        if full {
            pack = decodedPack
            notes = record.notes.map { Note(authorId: $0.author.description, notedOn: $0.on.description, text: $0.text) }
        }
        version = record.version
    }
}

/// Open matters for coordinators and the PSW.
struct DashboardBody: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var kind: String
        var nqsw: String
        var enrolmentId: String
        var state: String
        var due: String?
        var overdue: Bool
    }

    var asOf: String
    var rows: [Row]

    init(_ dashboard: Dashboard) {
        asOf = dashboard.asOf.description
        rows = dashboard.rows.map {
            Row(kind: $0.kind.rawValue, nqsw: $0.nqsw, enrolmentId: $0.enrolment.description, state: $0.state, due: $0.due?.description, overdue: $0.overdue)
        }
    }

    var csv: String {
        CSVText.document(header: ["kind", "nqsw", "enrolment_id", "state", "due", "overdue"],
                         rows: rows.map { [$0.kind, $0.nqsw, $0.enrolmentId, $0.state, $0.due ?? "", $0.overdue ? "yes" : "no"] })
    }
}
