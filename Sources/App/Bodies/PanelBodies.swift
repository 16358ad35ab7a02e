internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// Minutes after midnight as `HH:MM`, and back.
enum ClockTime {
    static func text(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0..<24).contains(hours), (0..<60).contains(minutes) else { return nil }
        return hours * 60 + minutes
    }
}

/// A panel decision as the API shows it.
struct DecisionBody: Encodable, Sendable {
    struct Correction: Encodable, Sendable {
        var outcome: String
        var reason: String
        var correctedBy: String
    }

    var kind: String
    var outcome: String
    var reasons: String?
    var evidenceRequired: String?
    var deadline: String?
    var recommendationVersion: Int
    var recordedBy: String
    var recordedOn: String
    var signedBy: String?
    var signedOn: String?
    var corrections: [Correction]
    /// The members who took part (quorum is counted on them).
    var participantIds: [String]

    init(_ decision: PanelCaseRecord.Decision) {
        participantIds = decision.participants.map(\.description)
        kind = decision.decision.kind.rawValue
        outcome = decision.outcome.rawValue
        reasons = decision.decision.reasons
        evidenceRequired = decision.decision.evidenceRequired
        deadline = decision.decision.deadline?.description
        recommendationVersion = decision.decision.recommendationVersion
        recordedBy = decision.recordedBy.description
        recordedOn = decision.recordedOn.description
        signedBy = decision.signedBy?.description
        signedOn = decision.signedOn?.description
        corrections = decision.corrections.map { Correction(outcome: $0.outcome.rawValue, reason: $0.reason, correctedBy: $0.correctedBy.description) }
    }
}

/// A case at a panel: named, or only numbered when the panel is anonymised for the caller.
struct PanelCaseBody: Encodable, Sendable {
    struct Conflict: Encodable, Sendable {
        var personId: String
        var reason: String
        /// Set by the case itself (the member is its NQSW, assessor or line manager), not declared.
        var automatic: Bool
    }

    var id: String
    var panelId: String
    var number: Int
    var label: String
    var enrolmentId: String?
    var nqswName: String?
    var state: String
    /// Enough members free of conflict to decide it.
    var quorate: Bool
    var deadline: String?
    var conflicts: [Conflict]
    var decision: DecisionBody?
    var version: Int

    init(_ visible: VisibleCase) {
        self.init(visible.record, agenda: visible.agenda, names: visible.seesNames)
    }

    init(_ record: PanelCaseRecord, agenda: PanelAgenda, names: Bool) {
        id = record.id.description
        panelId = record.panelID.description
        number = record.caseNumber
        label = "Case \(record.caseNumber)"
        if names {
            enrolmentId = record.enrolmentID.description
            nqswName = agenda.enrolments[record.enrolmentID]?.nqswName
        }
        state = record.machine.state.name
        quorate = agenda.isQuorate(record)
        deadline = record.caseDeadline?.description
        var conflicts = record.conflicts.sorted { $0.key.description < $1.key.description }
            .map { Conflict(personId: $0.key.description, reason: $0.value, automatic: false) }
        if let parties = agenda.parties(record) {
            for (person, role) in [(parties.nqsw, "the NQSW"), (parties.assessor, "the NQSW's assessor"), (parties.lineManager, "the NQSW's line manager")]
            where agenda.panel.memberIDs.contains(person) {
                conflicts.append(Conflict(personId: person.description, reason: "This member is \(role).", automatic: true))
            }
        }
        self.conflicts = conflicts
        decision = record.decision.map(DecisionBody.init)
        version = record.version
    }
}

/// A panel as the API shows it.
struct PanelBody: Encodable, Sendable {
    struct Member: Encodable, Sendable {
        var id: String
        var name: String
        var chair: Bool
        /// Signs for a case the chair is conflicted for.
        var deputyChair: Bool
        /// Recorded present at the sitting (absent before the session opens).
        var present: Bool?
    }

    var id: String
    var state: String
    var sitsOn: String
    var startsAt: String
    var endsAt: String
    var location: String
    var capacity: Int
    var evidenceDeadline: String
    var quorum: Int
    var anonymised: Bool
    var reason: String?
    var members: [Member]
    var cases: [PanelCaseBody]
    var version: Int

    init(_ visible: VisiblePanel) {
        let view = visible.agenda
        let panel = view.panel
        id = panel.id.description
        state = panel.machine.state.name
        sitsOn = panel.schedule.sitsOn.description
        startsAt = ClockTime.text(panel.schedule.startsAt)
        endsAt = ClockTime.text(panel.schedule.endsAt)
        location = panel.schedule.location
        capacity = panel.schedule.capacity
        evidenceDeadline = panel.schedule.evidenceDeadline.description
        quorum = panel.quorum
        anonymised = panel.anonymised
        reason = panel.reason
        let present = view.present
        members = panel.memberIDs.map { member in
            Member(id: member.description, name: view.names[member] ?? "", chair: member == panel.chairID, deputyChair: member == panel.deputyChairID,
                   present: present?.contains(member))
        }
            .sorted { ($0.chair ? 0 : 1, $0.name) < ($1.chair ? 0 : 1, $1.name) }
        cases = visible.cases.map { PanelCaseBody($0, agenda: view, names: visible.seesNames) }
        version = panel.version
    }
}
