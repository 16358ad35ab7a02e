public import Domain
public import Store

/// The chair (or a coordinator) records who is present at the sitting, as
/// members arrive and leave. Opening the session records every member as
/// present; decisions count their quorum on those present and free of conflict.
public struct RecordPanelAttendance: TransactionalUseCase {
    public var panel: PanelID
    public var present: Set<PersonID>

    public init(_ panel: PanelID, present: Set<PersonID>) {
        self.panel = panel
        self.present = present
    }

    public func run(in context: UseCaseContext) throws -> VisiblePanel {
        let record = try context.visiblePanel(panel, lock: true)
        let chair = context.caller.personID == record.chairID
        try Refusal.require(chair || PanelAccess.canManage(context.caller), "The chair (or a coordinator) records who is present.")
        guard record.machine.state == .inSession else {
            throw Refusal.conflict("The panel is \(record.machine.state.name); attendance is recorded while it sits.", kind: "panel-not-in-session")
        }
        var issues = FieldIssues()
        if present.isEmpty { issues.add("presentIds", "Name at least one member present.") }
        for person in present where !record.memberIDs.contains(person) {
            issues.add("presentIds", "\(person) is not a member of this panel.")
        }
        try issues.throwIfAny()
        let before = try PanelAttendanceRepository.present(at: panel, organisation: context.organisation, on: context.connection)
        try PanelAttendanceRepository.record(present, at: panel, before: before, organisation: context.organisation,
                                             actor: context.panelActor(chair: chair && !PanelAccess.canManage(context.caller)), on: context.connection)
        return context.visible(try context.agenda(record))
    }
}
