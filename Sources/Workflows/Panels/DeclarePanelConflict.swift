public import Domain
public import Store

/// A member of the panel declares a conflict of interest on a case: they
/// neither read its pack nor decide it from then on.
public struct DeclarePanelConflict: TransactionalUseCase {
    public var panel: PanelID
    public var panelCase: PanelCaseID
    public var reason: String

    public init(_ panel: PanelID, _ panelCase: PanelCaseID, reason: String) {
        self.panel = panel
        self.panelCase = panelCase
        self.reason = reason
    }

    public func run(in context: UseCaseContext) throws -> VisibleCase {
        let record = try context.visiblePanel(panel)
        try Refusal.require(PanelAccess.sits(context.caller, members: record.memberIDs), "Members of this panel declare their own conflicts.")
        guard record.machine.state.packsOpen else { throw Refusal.conflict("The panel is \(record.machine.state.name).", kind: "panel-transition-refused") }
        let current = try context.visibleCase(panelCase, at: record).record
        guard current.machine.state == .listed else { throw Refusal.conflict("The case is \(current.machine.state.name).", kind: "case-transition-refused") }
        try PanelCaseRepository.declareConflict(context.caller.personID, case: current, reason: reason, organisation: context.organisation,
                                                actor: context.panelActor(), on: context.connection)
        return try context.visibleCase(panelCase, at: record)
    }
}
