public import Domain
public import PQ
public import Foundation

/// A private note a panel member wrote while deliberating on a case.
public struct DeliberationNote: Sendable, Hashable {
    public var id: UUID
    public var authorID: PersonID
    public var text: String
    public var writtenAt: Date
}

/// The panel's private deliberation notes, case by case.
public enum DeliberationNoteRepository {
    public static func notes(on panelCase: PanelCaseID, organisation: OrganisationID, on connection: PQConnection) throws -> [DeliberationNote] {
        try connection.query("""
            SELECT id, author_id, text, written_at FROM panel_deliberation_notes
             WHERE case_id = \(panelCase) AND organisation_id = \(organisation) ORDER BY written_at, id
            """).map { DeliberationNote(id: try $0.decode(at: 0), authorID: try $0.decode(at: 1), text: try $0.decode(at: 2), writtenAt: try $0.decode(at: 3)) }
    }

    /// Writes a note, audited on the case without its text (the note is private; the trail says one was written).
    public static func insert(_ text: String, on panelCase: PanelCaseID, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        let id = UUID()
        try connection.query("""
            INSERT INTO panel_deliberation_notes (id, organisation_id, case_id, author_id, text)
            VALUES (\(id), \(organisation), \(panelCase), \(actor.personID), \(text))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .panelCase, entityID: panelCase.uuid,
            action: "panel_case.deliberation_noted", changes: [FieldChange(field: "note", before: nil, after: id.uuidString.lowercased())],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }
}
