internal import Domain
public import Store

/// The panels a person should have in their calendar: coordinators all of
/// them, members those they sit on; drafts are not in anyone's calendar.
public struct GetPanelCalendar: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> [CalendarPanel] {
        let caller = context.caller
        try Refusal.require(PanelAccess.canManage(caller) || caller.holds(.panelMember), "The panel calendar is for ASYE coordinators and panel members.")
        let panels = try PanelRepository.panels(in: context.organisation, member: PanelAccess.canManage(caller) ? nil : caller.personID, on: context.connection)
            .filter { $0.machine.state != .draft && PanelAccess.canSeePanel(caller, state: $0.machine.state, members: $0.memberIDs) }
        let names = try PanelAgendaRepository.names(in: context.organisation, on: context.connection)
        let listed = Dictionary(grouping: try PanelCaseRepository.cases(panels: panels.map(\.id), organisation: context.organisation, on: context.connection)
            .filter { $0.machine.state != .released }, by: \.panelID).mapValues(\.count)
        return panels.map { CalendarPanel(panel: $0, chairName: names[$0.chairID] ?? "", listedCases: listed[$0.id] ?? 0) }
    }
}

/// A panel as a calendar entry shows it.
public struct CalendarPanel: Sendable {
    public var panel: PanelRecord
    public var chairName: String
    public var listedCases: Int
}
