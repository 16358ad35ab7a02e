internal import Domain
public import Store

/// A panel as the caller may see it: coordinators see every case (released
/// ones too) and every name; members see names unless the panel is anonymised.
public struct VisiblePanel: Sendable {
    public var agenda: PanelAgenda
    public var seesNames: Bool
    public var seesReleasedCases: Bool

    /// The cases the caller sees on it.
    public var cases: [PanelCaseRecord] {
        agenda.cases.filter { $0.machine.state != .released || seesReleasedCases }
    }
}

/// One case at a panel as the caller may see it.
public struct VisibleCase: Sendable {
    public var record: PanelCaseRecord
    public var agenda: PanelAgenda
    public var seesNames: Bool
}

extension UseCaseContext {
    /// The panel if the caller may see it (coordinators; members once it is
    /// scheduled); 404 otherwise. `lock` holds it for a change (`FOR UPDATE`).
    func visiblePanel(_ id: PanelID, lock: Bool = false) throws -> PanelRecord {
        guard let panel = try PanelRepository.find(id, in: organisation, lock: lock, on: connection),
              PanelAccess.canSeePanel(caller, state: panel.machine.state, members: panel.memberIDs)
        else { throw Refusal.notFound("panel") }
        return panel
    }

    func agenda(_ panel: PanelRecord, names: [PersonID: String]? = nil) throws -> PanelAgenda {
        try PanelAgendaRepository.load(panel, organisation: organisation, names: names, on: connection)
    }

    func visible(_ agenda: PanelAgenda) -> VisiblePanel {
        VisiblePanel(agenda: agenda, seesNames: PanelAccess.seesNames(caller, anonymised: agenda.panel.anonymised),
                     seesReleasedCases: PanelAccess.canManage(caller))
    }

    /// The case `id` on the panel as it is now (reloaded), as the caller sees it.
    func visibleCase(_ id: PanelCaseID, at panel: PanelRecord, names: Bool? = nil) throws -> VisibleCase {
        let agenda = try agenda(panel)
        guard let record = agenda.panelCase(id) else { throw Refusal.notFound("case") }
        return VisibleCase(record: record, agenda: agenda, seesNames: names ?? PanelAccess.seesNames(caller, anonymised: panel.anonymised))
    }

    /// The audit trail's name for someone acting on a panel: a coordinator, the chair, or a member.
    func panelActor(chair: Bool = false) -> Actor {
        if chair { return actor(named: "panel_chair") }
        return actor(PanelAccess.canManage(caller) ? .coordinator : .panelMember)
    }
}
