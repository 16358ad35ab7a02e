public import Domain
public import PQ

/// Ticked tracker lines.
public enum TrackerRepository {
    public static func checklist(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [Tracker.ChecklistItem: CalendarDay] {
        var result: [Tracker.ChecklistItem: CalendarDay] = [:]
        for row in try connection.query("""
            SELECT item, completed_on FROM tracker_checklist WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation)
            """) {
            let item: String = try row.decode(at: 0)
            if let key = Tracker.ChecklistItem(rawValue: item) { result[key] = try row.decode(at: 1) }
        }
        return result
    }

    /// Ticks a line once; `false` if it was already ticked (the first date stands).
    public static func tick(_ item: Tracker.ChecklistItem, on day: CalendarDay, enrolment: Enrolment, actor: Actor, on connection: PQConnection) throws -> Bool {
        let result = try connection.query("""
            INSERT INTO tracker_checklist (enrolment_id, organisation_id, item, completed_on, recorded_by)
            VALUES (\(enrolment.id), \(enrolment.organisationID), \(item.rawValue), \(day), \(actor.personID))
            ON CONFLICT (enrolment_id, item) DO NOTHING
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: enrolment.organisationID, actorID: actor.personID, actorRole: actor.role, entityType: .enrolment,
            entityID: enrolment.id.uuid, action: "tracker.ticked",
            changes: [FieldChange(field: item.rawValue, before: nil, after: day.description)], requestID: actor.requestID), on: connection)
        return true
    }
}
