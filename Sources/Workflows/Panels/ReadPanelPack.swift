public import Domain
public import Store

/// What a panel member (or coordinator) reads for one case: the pack. Members
/// read it only while packs are open and only for cases they may decide;
/// every read is in the audit trail.
public struct ReadPanelPack: TransactionalUseCase {
    public var panel: PanelID
    public var panelCase: PanelCaseID

    public init(_ panel: PanelID, _ panelCase: PanelCaseID) {
        self.panel = panel
        self.panelCase = panelCase
    }

    public func run(in context: UseCaseContext) throws -> PackReading {
        let record = try context.visiblePanel(panel)
        let agenda = try context.agenda(record)
        guard let listed = agenda.panelCase(panelCase), let enrolment = agenda.enrolments[listed.enrolmentID], let parties = agenda.parties(listed) else {
            throw Refusal.notFound("case")
        }
        // A case released from this panel is no longer its to read: closed to its members at once.
        if listed.machine.state == .released && !PanelAccess.canManage(context.caller) { throw Refusal.notFound("case") }
        guard PanelAccess.canReadPack(context.caller, state: record.machine.state, composition: record.composition, parties: parties) else {
            throw Refusal.forbidden(record.machine.state.packsOpen
                ? "You are conflicted for this case and do not read its pack."
                : "Packs are open to members from scheduling until the panel closes.")
        }
        try AuditLog.recordReads(of: .panelCase, [listed.id.uuid], action: "panel_case.pack_read", organisation: context.organisation,
                                 actor: context.panelActor(), on: context.connection)
        return PackReading(
            pack: try PanelPackRepository.load(enrolment, asOf: context.today, on: context.connection), label: "Case \(listed.caseNumber)",
            anonymised: !PanelAccess.seesNames(context.caller, anonymised: record.anonymised))
    }
}

/// A pack as one reader reads it: anonymised, it is to name no one.
public struct PackReading: Sendable {
    public var pack: PanelPack
    public var label: String
    public var anonymised: Bool
    /// For moderation: what the year's record lacks (empty: complete); nil in a panel's pack.
    public var gaps: [String]? = nil
}
