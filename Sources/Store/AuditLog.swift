public import Domain
public import PQ
public import Foundation

/// The append-only audit trail. Writes happen on the caller's connection so
/// that an event commits or rolls back with the change it records; the
/// database links each event into its organisation's hash chain.
public enum AuditLog {
    /// Records `entry` in the current transaction.
    public static func append(_ entry: AuditEntry, on connection: PQConnection) throws {
        let changes = PQJSON(text: try encodeChanges(entry.changes))
        try connection.query("""
            INSERT INTO audit_events (organisation_id, actor_person_id, actor_role, entity_type, entity_id,
                                      action, reason, changes, request_id, client_request_id)
            VALUES (\(entry.organisationID), \(entry.actorID), \(entry.actorRole), \(entry.entityType.rawValue),
                    \(entry.entityID), \(entry.action), \(entry.reason), \(changes), \(entry.requestID), \(entry.clientRequestID))
            """)
        // seq, prev_hash, hash and the recorded time are set by the audit_events_link trigger.
    }

    /// The history of one record, oldest first.
    public static func history(
        of entityType: AuditEntry.EntityType, id: UUID, organisation: OrganisationID, on connection: PQConnection
    ) throws -> [AuditRecord] {
        let rows = try connection.query("""
            SELECT seq, occurred_at, actor_person_id, actor_role, entity_type, entity_id, action, reason,
                   changes, request_id, client_request_id
              FROM audit_events
             WHERE organisation_id = \(organisation) AND entity_type = \(entityType.rawValue) AND entity_id = \(id)
             ORDER BY seq
            """)
        return try rows.map { row in
            AuditRecord(
                seq: try row.decode(at: 0),
                occurredAt: try row.decode(at: 1),
                actorID: try row.decode(at: 2),
                actorRole: try row.decode(at: 3),
                entityType: try row.decode(at: 4),
                entityID: try row.decode(at: 5),
                action: try row.decode(at: 6),
                reason: try row.decode(at: 7),
                changes: try decodeChanges(try row.decode(PQJSON.self, at: 8).text),
                requestID: try row.decode(at: 9),
                clientRequestID: try row.decode(at: 10)
            )
        }
    }

    /// Changes are stored as `{"field": {"before": …, "after": …}}`.
    static func encodeChanges(_ changes: [FieldChange]) throws -> String {
        var object: [String: [String: String?]] = [:]
        for change in changes {
            object[change.field] = ["before": change.before, "after": change.after]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(object), as: UTF8.self)
    }

    static func decodeChanges(_ text: String) throws -> [FieldChange] {
        let object = try JSONDecoder().decode([String: [String: String?]].self, from: Data(text.utf8))
        return object.keys.sorted().map { field in
            let values = object[field] ?? [:]
            return FieldChange(field: field, before: values["before"] ?? nil, after: values["after"] ?? nil)
        }
    }

    /// Records that `actor` read sensitive records (FtP files, support plans,
    /// panel packs): who looked at what, and when, is part of the trail.
    public static func recordReads(
        of type: AuditEntry.EntityType, _ ids: [UUID], action: String, organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws {
        for id in ids {
            try append(AuditEntry(organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: type, entityID: id,
                                  action: action, requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        }
    }
}
