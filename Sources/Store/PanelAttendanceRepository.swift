public import Domain
public import PQ

/// Who is present at a panel's sitting: the latest record is who is present now.
public enum PanelAttendanceRepository {
    /// Those present now, or nil when no attendance was recorded (a panel opened before Quorum kept it).
    public static func present(at panel: PanelID, organisation: OrganisationID, on connection: PQConnection) throws -> Set<PersonID>? {
        try connection.query("""
            SELECT present FROM panel_attendance WHERE panel_id = \(panel) AND organisation_id = \(organisation) ORDER BY id DESC LIMIT 1
            """).first.map { Set(try $0.decode([PersonID].self, at: 0)) }
    }

    /// Records who is present, audited on the panel with who arrived and who
    /// left — unless the step that records it audits it itself (`audited: false`).
    public static func record(_ present: Set<PersonID>, at panel: PanelID, before: Set<PersonID>?, organisation: OrganisationID, actor: Actor,
                              audited: Bool = true, on connection: PQConnection) throws {
        let ordered = present.sorted { $0.description < $1.description }
        try connection.query("""
            INSERT INTO panel_attendance (organisation_id, panel_id, present, recorded_by)
            VALUES (\(organisation), \(panel), \(ordered), \(actor.personID))
            """)
        guard audited else { return }
        let arrived = present.subtracting(before ?? []).map(\.description).sorted().joined(separator: ", ")
        let left = (before ?? []).subtracting(present).map(\.description).sorted().joined(separator: ", ")
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .panel, entityID: panel.uuid,
            action: "panel.attendance_recorded",
            changes: [FieldChange(field: "present", before: before.map { String($0.count) }, after: String(present.count)),
                      FieldChange(field: "arrived", before: nil, after: arrived.isEmpty ? nil : arrived),
                      FieldChange(field: "left", before: nil, after: left.isEmpty ? nil : left)],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }
}
