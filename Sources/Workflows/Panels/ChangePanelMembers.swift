public import Domain
public import Store

/// A coordinator changes who sits on a panel before it sits, saying why.
/// Every case listed at it is checked again — a quorum free of conflict, a
/// chair free of conflict — and a change that would leave a case unheard is
/// refused, naming the cases (release them first).
public struct ChangePanelMembers: TransactionalUseCase {
    public var panel: PanelID
    public var adding: Set<PersonID>
    public var removing: Set<PersonID>
    public var reason: String
    public var expectedVersion: Int?

    public init(_ panel: PanelID, adding: Set<PersonID>, removing: Set<PersonID>, reason: String, expectedVersion: Int?) {
        self.panel = panel
        self.adding = adding
        self.removing = removing
        self.reason = reason
        self.expectedVersion = expectedVersion
    }

    public func run(in context: UseCaseContext) throws -> VisiblePanel {
        var record = try context.visiblePanel(panel, lock: true)
        try Refusal.require(PanelAccess.canManage(context.caller), "A coordinator changes a panel's members.")
        try Refusal.requireVersion(expectedVersion, current: record.version)
        guard record.machine.state == .draft || record.machine.state == .scheduled else {
            throw Refusal.conflict("The panel is \(record.machine.state.name); its members change only before it sits.", kind: "panel-transition-refused")
        }
        var issues = FieldIssues()
        if reason.trimmingWhitespace().isEmpty { issues.add("reason", "Say why the panel's members change.") }
        if adding.isEmpty && removing.isEmpty { issues.add("addIds", "Name someone to add or remove.") }
        let roles = try PeopleRepository.roles(of: Array(adding), in: context.organisation, on: context.connection)
        for person in adding.sorted(by: { $0.description < $1.description }) {
            if record.memberIDs.contains(person) { issues.add("addIds", "\(person) already sits on this panel.") }
            else if roles[person]?.contains(.panelMember) != true { issues.add("addIds", "\(person) is not a panel member of this organisation.") }
        }
        for person in removing.sorted(by: { $0.description < $1.description }) {
            if person == record.chairID { issues.add("removeIds", "The chair cannot be removed; schedule another panel with another chair.") }
            else if !record.memberIDs.contains(person) { issues.add("removeIds", "\(person) does not sit on this panel.") }
        }
        try issues.throwIfAny()
        let before = record.memberIDs
        record.memberIDs = before.union(adding).subtracting(removing)
        try record.composition.validate()
        let agenda = try context.agenda(record)
        var unheard: [String] = []
        for listed in agenda.cases where listed.machine.state.isPending {
            if listed.conflicts.keys.contains(where: removing.contains) {
                unheard.append("case \(listed.caseNumber) (a member to be removed declared a conflict on it)")
                continue
            }
            guard let parties = agenda.parties(listed) else { continue }
            do { try record.composition.checkCanHear(parties) } catch {
                unheard.append("case \(listed.caseNumber) (\(error.issues.first?.message ?? "not quorate"))")
            }
        }
        guard unheard.isEmpty else {
            throw Refusal.conflict("With these members the panel could not hear \(unheard.joined(separator: "; ")). Release those cases first.",
                                   kind: "membership-breaks-cases")
        }
        try PanelRepository.changeMembers(of: panel, adding: adding, removing: removing, organisation: context.organisation, on: context.connection)
        let changes = [
            FieldChange(field: "members", before: before.map(\.description).sorted().joined(separator: " "),
                        after: record.memberIDs.map(\.description).sorted().joined(separator: " ")),
            FieldChange(field: "casesChecked", before: nil, after: String(agenda.cases.filter(\.machine.state.isPending).count)),
        ]
        guard try PanelRepository.save(record, expectedVersion: record.version, organisation: context.organisation, action: "panel.members_changed",
                                       reason: reason, changes: changes, actor: context.panelActor(), on: context.connection)
        else { throw Refusal.stale(current: record.version + 1) }
        return context.visible(try context.agenda(try context.visiblePanel(panel)))
    }
}
