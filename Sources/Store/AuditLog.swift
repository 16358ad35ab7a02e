public import Domain
public import PQ
public import Foundation
internal import Crypto

/// The append-only audit trail. Writes happen on the caller's connection so
/// that an event commits or rolls back with the change it records; the
/// database links each event into its organisation's hash chain.
public enum AuditLog {
    /// Records `entry` in the current transaction.
    public static func append(_ entry: AuditEntry, on connection: PQConnection) throws {
        try AuditAction.require(entry.action)
        let changes = PQJSON(text: try encodeChanges(entry.changes))
        try connection.query("""
            INSERT INTO audit_events (organisation_id, actor_person_id, actor_role, entity_type, entity_id,
                                      action, reason, changes, request_id, client_request_id, occurred_on)
            VALUES (\(entry.organisationID), \(entry.actorID), \(entry.actorRole), \(entry.entityType.rawValue),
                    \(entry.entityID), \(entry.action), \(entry.reason), \(changes), \(entry.requestID), \(entry.clientRequestID), \(entry.occurredOn))
            """)
        // seq, prev_hash, hash and the recorded time are set by the audit_events_link trigger.
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
    /// panel packs, concern lists, reports, the history itself): one row per
    /// request and record kind, at most one per person and records in five
    /// minutes, in the read log — no chain lock, so reads never slow writers;
    /// the server seals the log into the chain in batches (`audit_seal_reads`).
    public static func recordReads(
        of type: AuditEntry.EntityType, _ ids: [UUID], action: String, organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws {
        guard let person = actor.personID else { return }
        try AuditAction.require(action)
        let sorted = ids.sorted { $0.uuidString < $1.uuidString }
        for start in stride(from: 0, to: max(sorted.count, 1), by: 1000) {
            let chunk = Array(sorted[start..<min(start + 1000, sorted.count)])
            let key = Insecure.MD5.hash(data: Data(chunk.map(\.uuidString).joined(separator: ",").utf8)).map { String(format: "%02x", $0) }.joined()
            try connection.query("""
                INSERT INTO record_reads (organisation_id, person_id, actor_role, action, entity_type, entity_ids, records_key, window_start, request_id)
                VALUES (\(organisation), \(person), \(actor.role), \(action), \(type.rawValue), \(chunk), \(key), now(), \(actor.requestID))
                ON CONFLICT DO NOTHING
                """)
        }
    }
}
