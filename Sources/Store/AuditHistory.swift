public import Domain
public import PQ
public import Foundation

/// Which events of the trail to read: every filter optional, newest first,
/// a page at a time (`before` is the cursor: the seq the last page ended at).
public struct AuditQuery: Sendable, Hashable {
    public var recordKind: AuditEntry.EntityType?
    public var recordID: UUID?
    /// The enrolment and everything under it.
    public var enrolmentID: EnrolmentID?
    public var actorID: PersonID?
    public var action: AuditAction?
    /// Recorded on or after / on or before these days (Europe/London).
    public var from: CalendarDay?
    public var to: CalendarDay?
    public var before: Int?
    public var limit: Int
    /// When set, only events of these records (a caller's scope, e.g. the FtP matters a PSW may read).
    public var onlyRecords: [UUID]?
    public var oldestFirst: Bool

    public init(recordKind: AuditEntry.EntityType? = nil, recordID: UUID? = nil, enrolmentID: EnrolmentID? = nil, actorID: PersonID? = nil,
                action: AuditAction? = nil, from: CalendarDay? = nil, to: CalendarDay? = nil, before: Int? = nil, limit: Int = 50,
                onlyRecords: [UUID]? = nil, oldestFirst: Bool = false) {
        self.recordKind = recordKind
        self.recordID = recordID
        self.enrolmentID = enrolmentID
        self.actorID = actorID
        self.action = action
        self.from = from
        self.to = to
        self.before = before
        self.limit = limit
        self.onlyRecords = onlyRecords
        self.oldestFirst = oldestFirst
    }
}

/// A page of the history and where the next begins (nil: the last page).
public struct AuditPage: Sendable {
    public var items: [AuditRecord]
    public var nextBefore: Int?
}

public enum AuditHistory {
    /// The page of `organisation`'s trail `query` selects.
    public static func read(_ query: AuditQuery, organisation: OrganisationID, on connection: PQConnection) throws -> AuditPage {
        let order: PQFragment = query.oldestFirst ? "ORDER BY e.seq ASC" : "ORDER BY e.seq DESC"
        let rows = try connection.query("""
            SELECT e.seq, e.organisation_id, e.occurred_at, e.occurred_on, e.actor_person_id, p.name, e.actor_role, e.entity_type, e.entity_id,
                   e.enrolment_id, e.action, e.reason, e.changes, e.request_id, e.client_request_id,
                   (e.occurred_at AT TIME ZONE 'Europe/London')::date
              FROM audit_events e LEFT JOIN people p ON p.id = e.actor_person_id
             WHERE e.organisation_id = \(organisation)
               AND (\(query.recordKind?.rawValue)::text IS NULL OR e.entity_type = \(query.recordKind?.rawValue))
               AND (\(query.recordID)::uuid IS NULL OR e.entity_id = \(query.recordID))
               AND (\(query.enrolmentID)::uuid IS NULL OR e.enrolment_id = \(query.enrolmentID))
               AND (\(query.actorID)::uuid IS NULL OR e.actor_person_id = \(query.actorID))
               AND (\(query.action?.rawValue)::text IS NULL OR e.action = \(query.action?.rawValue))
               AND (\(query.from)::date IS NULL OR (e.occurred_at AT TIME ZONE 'Europe/London')::date >= \(query.from))
               AND (\(query.to)::date IS NULL OR (e.occurred_at AT TIME ZONE 'Europe/London')::date <= \(query.to))
               AND (\(query.before)::int8 IS NULL OR (CASE WHEN \(query.oldestFirst) THEN e.seq > \(query.before) ELSE e.seq < \(query.before) END))
               AND (\(query.onlyRecords)::uuid[] IS NULL OR e.entity_id = ANY(\(query.onlyRecords)))
             \(order) LIMIT \(query.limit + 1)
            """)
        let items = try rows.prefix(query.limit).map { row in
            guard let kind = AuditEntry.EntityType(rawValue: try row.decode(at: 7)) else { throw PQError.decoding("audit entity type") }
            guard let action = AuditAction(rawValue: try row.decode(at: 10)) else { throw PQError.decoding("audit action") }
            return AuditRecord(
                seq: try row.decode(at: 0), organisationID: try row.decode(at: 1), occurredAt: try row.decode(at: 2), recordedOn: try row.decode(at: 15),
                occurredOn: try row.decode(at: 3),
                actorID: try row.decode(at: 4), actorName: try row.decode(at: 5), actorRole: try row.decode(at: 6), entityType: kind,
                entityID: try row.decode(at: 8), enrolmentID: try row.decode(at: 9), action: action, reason: try row.decode(at: 11),
                changes: try AuditLog.decodeChanges(try row.decode(PQJSON.self, at: 12).text), requestID: try row.decode(at: 13),
                clientRequestID: try row.decode(at: 14))
        }
        return AuditPage(items: items, nextBefore: rows.count > query.limit ? items.last?.seq : nil)
    }
}
