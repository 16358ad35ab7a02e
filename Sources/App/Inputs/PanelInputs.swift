internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension SchedulePanel {
    /// `POST /v1/panels`: when and where, capacity, evidence deadline, chair and members.
    static func parse(_ fields: inout JSONFields) throws -> SchedulePanel {
        let sitsOn = fields.day("sitsOn")
        let startsAt = fields.clockTime("startsAt")
        let endsAt = fields.clockTime("endsAt")
        let location = fields.string("location", maxLength: 500)
        let capacity = fields.int("capacity", range: 1...40)
        let deadline = fields.day("evidenceDeadline")
        let chair: PersonID? = fields.id("chairId")
        let members = fields.ids("memberIds", required: true, as: PersonID.self, message: "Expected person ids (UUIDs).", maxCount: 12)
        let scheduleNow = fields.bool("schedule", required: false) ?? false
        let deputy: PersonID? = fields.id("deputyChairId", required: false)
        let (day, starts, ends, place, cases, evidence, chairID) = try fields.finish(sitsOn, startsAt, endsAt, location, capacity, deadline, chair)
        return SchedulePanel(
            schedule: PanelSchedule(sitsOn: day, startsAt: starts, endsAt: ends, location: place, capacity: cases, evidenceDeadline: evidence),
            chair: chairID, members: members, scheduleNow: scheduleNow, deputyChair: deputy)
    }
}

extension PanelCommand {
    /// What `event` names on a panel.
    enum Name: String, CaseIterable {
        case schedule
        case reschedule
        case open
        case close
        case cancel
    }

    /// `POST /v1/panels/{id}/events`.
    static func parse(_ fields: inout JSONFields) throws -> PanelCommand {
        let name = fields.choice("event", as: Name.self)
        let reason = fields.string("reason", required: false, maxLength: 4000)
        let casesMove = fields.bool("casesMove", required: false) ?? true
        let changes = ScheduleChanges(
            sitsOn: fields.day("sitsOn", required: false), startsAt: fields.clockTime("startsAt", required: false),
            endsAt: fields.clockTime("endsAt", required: false), location: fields.string("location", required: false, maxLength: 500),
            evidenceDeadline: fields.day("evidenceDeadline", required: false))
        let given = (reason ?? "").trimmingWhitespace().isEmpty ? nil : reason
        var command: PanelCommand?
        switch name {
        case .schedule?: command = .schedule
        case .open?: command = .open
        case .close?: command = .close
        case .reschedule?:
            if given == nil { fields.add("reason", "Say why the panel is rescheduled.") }
            if changes == ScheduleChanges() { fields.add("sitsOn", "Give the new date, time, place or evidence deadline.") }
            command = given.map { .reschedule(reason: $0, casesMove: casesMove, changes: changes) }
        case .cancel?:
            if given == nil { fields.add("reason", "Say why the panel is cancelled.") }
            command = given.map { .cancel(reason: $0) }
        case nil:
            break
        }
        return try fields.finish(command)
    }
}

extension PanelDecisionProposal {
    /// `POST /v1/panels/{id}/cases/{caseId}/decision`.
    static func parse(_ fields: inout JSONFields) throws -> PanelDecisionProposal {
        let version = fields.int("recommendationVersion", range: 1...1000)
        let kind = fields.choice("kind", as: PanelDecision.Kind.self)
        let outcome = fields.choice("outcome", required: false, as: RecommendedOutcome.self)
        let reasons = fields.string("reasons", required: false, maxLength: 8000)
        let evidence = fields.string("evidenceRequired", required: false, maxLength: 8000)
        let deadline = fields.day("deadline", required: false)
        let named = fields.strings("participantIds", required: false)
        let participants = named.map { texts in Set(texts.compactMap { UUID(uuidString: $0).map(PersonID.init) }) }
        if let named, participants?.count != Set(named).count { fields.add("participantIds", "Expected the ids (UUIDs) of the members taking part.") }
        let (number, chosen) = try fields.finish(version, kind)
        return PanelDecisionProposal(recommendationVersion: number, kind: chosen, outcome: outcome, reasons: reasons, evidenceRequired: evidence,
                                     deadline: deadline, participants: participants)
    }
}

extension JSONFields {
    /// A time of day as `HH:MM`, in minutes after midnight.
    mutating func clockTime(_ field: String, required: Bool = true) -> Int? {
        guard let text = string(field, required: required, maxLength: 5) else { return nil }
        guard let minutes = ClockTime.minutes(text) else {
            add(field, "Expected a time as HH:MM.")
            return nil
        }
        return minutes
    }
}

extension RecordPanelAttendance {
    /// `POST /v1/panels/{id}/attendance`: the members present now.
    static func parse(_ fields: inout JSONFields, panel: PanelID) throws -> RecordPanelAttendance {
        let present = fields.ids("presentIds", required: true, as: PersonID.self, message: "Expected the ids (UUIDs) of the members present.")
        try fields.finish()
        return RecordPanelAttendance(panel, present: Set(present))
    }
}

extension ChangePanelMembers {
    /// `POST /v1/panels/{id}/members`: who joins, who leaves, and why.
    static func parse(_ fields: inout JSONFields, panel: PanelID, expectedVersion: Int?) throws -> ChangePanelMembers {
        let adding = fields.ids("addIds", as: PersonID.self, message: "Expected the ids (UUIDs) of panel members.")
        let removing = fields.ids("removeIds", as: PersonID.self, message: "Expected the ids (UUIDs) of panel members.")
        let reason = fields.string("reason", maxLength: 4000)
        return ChangePanelMembers(panel, adding: Set(adding), removing: Set(removing), reason: try fields.finish(reason), expectedVersion: expectedVersion)
    }
}
