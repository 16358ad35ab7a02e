internal import Domain
internal import Store

/// Panels for coordinators (all of them) and members (those they sit on, once scheduled).
public struct ListPanels: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> [VisiblePanel] {
        let caller = context.caller
        try Refusal.require(PanelAccess.canManage(caller) || caller.holds(.panelMember), "Panels are for ASYE coordinators and panel members.")
        let panels = try PanelRepository.panels(in: context.organisation, member: PanelAccess.canManage(caller) ? nil : caller.personID, on: context.connection)
        let names = try PanelAgendaRepository.names(in: context.organisation, on: context.connection)
        return try panels.filter { PanelAccess.canSeePanel(caller, state: $0.machine.state, members: $0.memberIDs) }
            .map { context.visible(try context.agenda($0, names: names)) }
    }
}
