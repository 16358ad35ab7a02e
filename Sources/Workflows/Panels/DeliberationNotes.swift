public import Domain
public import Store

extension PanelAccess {
    /// Deliberation notes are the sitting's own: the chair and the members free to decide the case.
    static func deliberates(_ caller: Caller, on hearing: Hearing) -> Bool {
        PanelAccess.sits(caller, members: hearing.panel.memberIDs)
            && (caller.personID == hearing.panel.chairID || hearing.panel.composition.deciders(for: hearing.parties).contains(caller.personID))
    }
}

/// A member free to decide the case (or the chair) writes a private
/// deliberation note while the panel sits.
public struct AddDeliberationNote: TransactionalUseCase {
    public var panel: PanelID
    public var panelCase: PanelCaseID
    public var text: String

    public init(_ panel: PanelID, _ panelCase: PanelCaseID, text: String) {
        self.panel = panel
        self.panelCase = panelCase
        self.text = text
    }

    public func run(in context: UseCaseContext) throws -> [DeliberationNote] {
        let hearing = try context.hearing(panel, panelCase, lock: false)
        guard PanelAccess.deliberates(context.caller, on: hearing) else { throw Refusal.notFound("case") }
        guard hearing.panel.machine.state == .inSession else {
            throw Refusal.conflict("The panel is \(hearing.panel.machine.state.name); deliberation notes are written while it sits.", kind: "panel-not-in-session")
        }
        if text.trimmingWhitespace().isEmpty { throw ValidationFailure(field: "text", message: "Write the note.") }
        try DeliberationNoteRepository.insert(text, on: panelCase, organisation: context.organisation, actor: context.panelActor(), on: context.connection)
        return try DeliberationNoteRepository.notes(on: panelCase, organisation: context.organisation, on: context.connection)
    }
}

/// The chair and the deciding members read the case's deliberation notes; every read is audited.
public struct ListDeliberationNotes: TransactionalUseCase {
    public var panel: PanelID
    public var panelCase: PanelCaseID

    public init(_ panel: PanelID, _ panelCase: PanelCaseID) {
        self.panel = panel
        self.panelCase = panelCase
    }

    public func run(in context: UseCaseContext) throws -> [DeliberationNote] {
        let hearing = try context.hearing(panel, panelCase, lock: false)
        guard PanelAccess.deliberates(context.caller, on: hearing) else { throw Refusal.notFound("case") }
        try AuditLog.recordReads(of: .panelCase, [panelCase.uuid], action: "panel_case.deliberations_read", organisation: context.organisation,
                                 actor: context.panelActor(), on: context.connection)
        return try DeliberationNoteRepository.notes(on: panelCase, organisation: context.organisation, on: context.connection)
    }
}
