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

    var rows: [Row]
    var canSchedule: Bool

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
    var members: [Member]

    init(candidates: [Person], form: FormBody?) {
        let chosen = Set(form?.all("memberIds") ?? [])
        chairs = candidates.map { Chair(id: $0.id.description, name: $0.name, selected: form?["chairId"] == $0.id.description) }
        members = candidates.enumerated().map { Member(id: $1.id.description, name: $1.name, checked: chosen.contains($1.id.description), index: $0) }
    }
}

/// One panel: its schedule, members, agenda, and what the viewer may do.
struct PanelView: Sendable {
    struct Member: Sendable {
        var name: String
        var chair: Bool
    }

    struct Case: Sendable {
        var label: String
        var number: Int
        var path: String
        var state: StatusTag
        var decision: String
        var conflicts: Int
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
        members = body.members.map { Member(name: $0.name, chair: $0.chair) }
        cases = body.cases.map { item in
            Case(label: item.nqswName ?? item.label, number: item.number, path: "/panels/\(panel.id)/cases/\(item.id)", state: StatusTag(item.state),
                 decision: item.decision.map { "\($0.outcome) (\($0.kind.replacingOccurrences(of: "_", with: " ")))" } ?? "Not yet decided",
                 conflicts: item.conflicts.count)
        }
        canOpen = leads && panel.machine.state == .scheduled
        canClose = leads && panel.machine.state == .inSession
        self.allocatable = allocatable
        hasAllocatable = !allocatable.isEmpty
    }
}
