/// Who may see and act on panels: coordinators run them; members see the
/// panels they sit on once scheduled, and a case's pack only while the panel
/// is scheduled or sitting and only if they are free to decide that case.
public enum PanelAccess {
    /// Coordinators schedule panels, list and release cases, and correct decisions.
    public static func canManage(_ caller: Caller) -> Bool {
        caller.holds(.coordinator)
    }

    /// Whether the caller sits on a panel with these members.
    public static func sits(_ caller: Caller, members: Set<PersonID>) -> Bool {
        caller.holds(.panelMember) && members.contains(caller.personID)
    }

    /// Coordinators see every panel; members the ones they sit on, once scheduled.
    public static func canSeePanel(_ caller: Caller, state: PanelMachine.State, members: Set<PersonID>) -> Bool {
        canManage(caller) || (sits(caller, members: members) && state != .draft)
    }

    /// A case's pack: coordinators always; a member while packs are open and
    /// they may decide the case (not its NQSW, assessor or line manager, no declared conflict).
    public static func canReadPack(_ caller: Caller, state: PanelMachine.State, composition: PanelComposition,
                                   parties: PanelComposition.CaseParties) -> Bool {
        if canManage(caller) && caller.personID != parties.nqsw { return true }
        return sits(caller, members: composition.members) && state.packsOpen && composition.deciders(for: parties).contains(caller.personID)
    }

    /// Members see names unless the panel is anonymised; coordinators always.
    public static func seesNames(_ caller: Caller, anonymised: Bool) -> Bool {
        canManage(caller) || !anonymised
    }
}
