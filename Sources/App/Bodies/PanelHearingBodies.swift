internal import Domain
internal import Store
internal import Workflows
internal import Foundation

/// One hearing of a year's case, as its people read it.
struct PanelHearingBody: Encodable, Sendable {
    struct Decision: Encodable, Sendable {
        var kind: String
        var outcome: String
        var reasons: String?
        var evidenceRequired: String?
        var deadline: String?
        var signedOn: String
        /// In a panel or moderation pack: who took part (never in the NQSW's view).
        var takingPart: [String]? = nil
    }

    var sitsOn: String
    var state: String
    var decision: Decision?

    init(_ hearing: PanelHearing) {
        sitsOn = hearing.sitsOn.description
        state = hearing.state.rawValue
        decision = hearing.decision.map {
            Decision(kind: $0.kind.rawValue, outcome: $0.outcome.rawValue, reasons: $0.reasons, evidenceRequired: $0.evidenceRequired,
                     deadline: $0.deadline?.description, signedOn: $0.signedOn.description)
        }
    }
}

/// A case waiting to be heard again: `kind` says why (deferred, referred back, referred by moderation).
struct AwaitingRelistingBody: Encodable, Sendable {
    struct Panel: Encodable, Sendable {
        var id: String
        var sitsOn: String
    }

    var enrolmentId: String
    var nqswName: String
    var deferredAt: String
    var kind: String
    var deadline: String?
    var earliestPanel: Panel?

    init(_ entry: AwaitingRelisting) {
        enrolmentId = entry.enrolment.enrolment.id.description
        nqswName = entry.enrolment.nqswName
        deferredAt = entry.deferredAt.description
        kind = entry.reason.rawValue
        deadline = entry.deadline?.description
        earliestPanel = entry.earliestPanel.map { Panel(id: $0.id.description, sitsOn: $0.schedule.sitsOn.description) }
    }
}

/// A case's private deliberation notes, for the chair and the deciding members.
struct DeliberationNotesBody: Encodable, Sendable {
    struct Note: Encodable, Sendable {
        var id: String
        var authorId: String
        var text: String
        var writtenAt: Date
    }

    var items: [Note]

    init(_ notes: [DeliberationNote]) {
        items = notes.map { Note(id: $0.id.uuidString.lowercased(), authorId: $0.authorID.description, text: $0.text, writtenAt: $0.writtenAt) }
    }
}
