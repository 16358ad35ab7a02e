internal import Foundation
internal import Domain
internal import Store
internal import Workflows

/// The panels list.
struct PanelList: Sendable {
    struct Row: Sendable {
        var path: String
        var sitsOn: String
        var time: String
        var location: String
        var chair: String
        var cases: Int
        var capacity: Int
        var state: StatusTag
    }

    /// A case waiting to be heard again (coordinators).
    struct Waiting: Sendable {
        var name: String
        var deferredAt: String
        var kind: String
        var deadline: String
        var earliest: String
        var earliestPath: String?

        init(_ entry: AwaitingRelisting) {
            name = entry.enrolment.nqswName
            deferredAt = entry.deferredAt.spoken
            kind = entry.reason.spoken
            deadline = entry.deadline?.spoken ?? "None set"
            earliest = entry.earliestPanel.map { $0.schedule.sitsOn.spoken } ?? "None yet: schedule a panel after the deadline"
            earliestPath = entry.earliestPanel.map { "/panels/\($0.id)" }
        }
    }

    var rows: [Row]
    var canSchedule: Bool
    var awaiting: [Waiting] = []

    init(panels: [VisiblePanel], canSchedule: Bool) {
        rows = panels.map { visible in
            let panel = visible.agenda.panel
            return Row(path: "/panels/\(panel.id)", sitsOn: panel.schedule.sitsOn.description,
                       time: "\(ClockTime.text(panel.schedule.startsAt))–\(ClockTime.text(panel.schedule.endsAt))", location: panel.schedule.location,
                       chair: visible.agenda.names[panel.chairID] ?? "", cases: visible.cases.count, capacity: panel.schedule.capacity,
                       state: StatusTag(panel.machine.state.name))
        }
        self.canSchedule = canSchedule
    }
}

/// Scheduling a panel: the organisation's panel members as chair and members.
struct PanelForm: Sendable {
    struct Chair: Sendable {
        var id: String
        var name: String
        var selected: Bool
    }

    struct Member: Sendable {
        var id: String
        var name: String
        var checked: Bool
        var index: Int
    }

    var chairs: [Chair]
    /// Who may be chosen as deputy chair (any panel member; the use case checks they sit on the panel).
    var deputies: [Chair]
    var members: [Member]

    init(candidates: [Person], form: FormBody?) {
        let chosen = Set(form?.all("memberIds") ?? [])
        chairs = candidates.map { Chair(id: $0.id.description, name: $0.name, selected: form?["chairId"] == $0.id.description) }
        deputies = candidates.map { Chair(id: $0.id.description, name: $0.name, selected: form?["deputyChairId"] == $0.id.description) }
        members = candidates.enumerated().map { Member(id: $1.id.description, name: $1.name, checked: chosen.contains($1.id.description), index: $0) }
    }
}

/// One panel: its schedule, members, agenda, and what the viewer may do.
struct PanelView: Sendable {
    struct Member: Sendable {
        var id: String
        var name: String
        var chair: Bool
        /// "Present" or "Absent" once the session is open.
        var attendance: String?
        var present: Bool
    }

    struct Case: Sendable {
        var label: String
        var number: Int
        var path: String
        var state: StatusTag
        var decision: String
        /// Who may not decide it and why: the automatic conflicts and the declared ones.
        var conflicts: String
    }

    struct Allocatable: Sendable {
        var id: String
        var name: String
        var outcome: String
    }

    var id: String
    var version: Int
    var time: String
    var location: String
    var evidenceDeadline: String
    var capacity: Int
    var state: StatusTag
    var anonymised: Bool
    var members: [Member]
    var cases: [Case]
    var canOpen: Bool
    var canClose: Bool
    /// The chair (or a coordinator) records who is present while the panel sits.
    var canRecordAttendance: Bool
    var allocatable: [Allocatable]
    var hasAllocatable: Bool

    init(_ visible: VisiblePanel, viewer: Viewer, allocatable: [Allocatable]) {
        let body = PanelBody(visible)
        let panel = visible.agenda.panel
        let leads = panel.chairID == viewer.person.id || viewer.roles.contains(.coordinator)
        id = panel.id.description
        version = panel.version
        time = "\(body.startsAt)–\(body.endsAt)"
        location = body.location
        evidenceDeadline = body.evidenceDeadline
        capacity = body.capacity
        state = StatusTag(body.state)
        anonymised = body.anonymised
        members = body.members.map {
            Member(id: $0.id, name: $0.name, chair: $0.chair, attendance: $0.present.map { $0 ? "present" : "absent" }, present: $0.present ?? false)
        }
        cases = body.cases.map { item in
            Case(label: item.nqswName ?? item.label, number: item.number, path: "/panels/\(panel.id)/cases/\(item.id)", state: StatusTag(item.state),
                 decision: item.decision.map { "\($0.outcome) (\($0.kind.replacingOccurrences(of: "_", with: " ")))" } ?? "Not yet decided",
                 conflicts: item.conflicts.map { conflict in
                     let name = body.members.first { $0.id == conflict.personId }?.name ?? "A member"
                     return "\(name): \(conflict.reason)\(conflict.automatic ? "" : " (declared)")"
                 }.joined(separator: "; "))
        }
        canOpen = leads && panel.machine.state == .scheduled
        canClose = leads && panel.machine.state == .inSession
        canRecordAttendance = canClose
        self.allocatable = allocatable
        hasAllocatable = !allocatable.isEmpty
    }
}
