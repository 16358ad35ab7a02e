public import Domain
public import PQ
internal import Foundation

/// Reads and writes NQSW enrolments. Every write records its audit event on
/// the same connection, inside the caller's transaction.
public enum EnrolmentRepository {
    /// The columns every read selects, in the order ``record(_:)`` decodes them.
    static let columns: PQFragment = """
        e.id, e.organisation_id, e.nqsw_id, e.setting, e.start_date, e.fte, e.assessor_id, e.line_manager_id,
        e.status, e.version, e.created_at, e.updated_at, n.name, a.name, l.name, e.kss_framework_id, e.pcf_framework_id,
        e.portfolio_revision
        """
    static let joins: PQFragment = """
        JOIN people n ON n.id = e.nqsw_id
        JOIN people a ON a.id = e.assessor_id
        JOIN people l ON l.id = e.line_manager_id
        """

    /// Constant statements assembled from the fragments above; values are always `$n` binds.
    static let findSQL: PQFragment = "SELECT " + columns + " FROM enrolments e " + joins + " WHERE e.id = $1 AND e.organisation_id = $2"
    static let findByIDSQL: PQFragment = "SELECT " + columns + " FROM enrolments e " + joins + " WHERE e.id = $1"
    static let visibleSQL: PQFragment = "SELECT " + columns + " FROM enrolments e " + joins + """
         WHERE e.organisation_id = $1
           AND ($2 OR ($3 AND e.assessor_id = $6) OR ($4 AND e.line_manager_id = $6) OR ($5 AND e.nqsw_id = $6))
         ORDER BY e.start_date, e.id
         LIMIT $7 OFFSET $8
        """

    /// Reads an enrolment by id alone, for pipelining with the caller lookup
    /// before the caller's organisation is known. ``record(in:organisation:)``
    /// then drops it unless it belongs to that organisation.
    public static func findQuery(_ id: EnrolmentID) -> PQQuery {
        PQQuery(findByIDSQL, binds: [id.pqBind])
    }

    /// The enrolment with its revision and its organisation's sufficiency
    /// policy version (column 18), in one statement and without the people's
    /// names (left blank): what the sufficiency check keys its caches on and
    /// checks access with, on every request, hit or miss.
    public static func revisionQuery(_ id: EnrolmentID) -> PQQuery {
        PQQuery(revisionSQL, binds: [id.pqBind])
    }

    static let revisionSQL: PQFragment = """
        SELECT e.id, e.organisation_id, e.nqsw_id, e.setting, e.start_date, e.fte, e.assessor_id, e.line_manager_id,
               e.status, e.version, e.created_at, e.updated_at, '', '', '', e.kss_framework_id, e.pcf_framework_id,
               e.portfolio_revision,
               (SELECT coalesce(max(p.version), 0) FROM sufficiency_policies p WHERE p.organisation_id = e.organisation_id)
          FROM enrolments e WHERE e.id = $1
        """

    /// Every enrolment in the organisation with its NQSW, ended years too (the dashboard's rows).
    public static func nqsws(in organisation: OrganisationID, on connection: PQConnection) throws -> [(EnrolmentID, PersonID)] {
        try connection.query("SELECT id, nqsw_id FROM enrolments WHERE organisation_id = \(organisation)")
            .map { (try $0.decode(EnrolmentID.self, at: 0), try $0.decode(PersonID.self, at: 1)) }
    }

    /// The record from ``findQuery(_:)``'s rows, if it is in `organisation`.
    public static func record(in rows: PQResult, organisation: OrganisationID) throws -> EnrolmentRecord? {
        guard let found = try rows.first.map(record), found.enrolment.organisationID == organisation else { return nil }
        return found
    }

    /// The enrolment, if it exists in `organisation`.
    public static func find(_ id: EnrolmentID, in organisation: OrganisationID, on connection: PQConnection) throws -> EnrolmentRecord? {
        try connection.query(PQQuery(findSQL, binds: [id.pqBind, organisation.pqBind])).first.map(record)
    }

    /// The enrolments `caller` may see, oldest start first.
    public static func visible(to caller: Caller, limit: Int, offset: Int, on connection: PQConnection) throws -> [EnrolmentRecord] {
        let rows = try connection.query(PQQuery(visibleSQL, binds: [
            caller.organisationID.pqBind, caller.holds(.coordinator).pqBind, caller.holds(.assessor).pqBind,
            caller.holds(.lineManager).pqBind, caller.holds(.nqsw).pqBind, caller.personID.pqBind,
            limit.pqBind, offset.pqBind,
        ]))
        // The SQL narrows; the domain rule decides. They must agree, and this keeps them honest.
        return try rows.map(record).filter { EnrolmentAccess.canView(caller, $0.enrolment) }
    }

    /// Inserts a new enrolment, pinned to the newest framework versions for its
    /// setting (which it keeps to the end), and its audit event.
    public static func insert(_ enrolment: Enrolment, actor: Actor, on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO enrolments (id, organisation_id, nqsw_id, setting, start_date, fte, assessor_id, line_manager_id,
                                    kss_framework_id, pcf_framework_id)
            VALUES (\(enrolment.id), \(enrolment.organisationID), \(enrolment.nqswID), \(enrolment.setting),
                    \(enrolment.startDate), \(enrolment.fte), \(enrolment.assessorID), \(enrolment.lineManagerID),
                    (SELECT id FROM frameworks WHERE kind = 'kss' AND setting = \(enrolment.setting) ORDER BY loaded_at DESC, id DESC LIMIT 1),
                    (SELECT id FROM frameworks WHERE kind = 'pcf' ORDER BY loaded_at DESC, id DESC LIMIT 1))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: enrolment.organisationID, actorID: actor.personID, actorRole: actor.role,
            entityType: .enrolment, entityID: enrolment.id.uuid, action: "enrolment.created",
            changes: [
                FieldChange(field: "nqswId", before: nil, after: enrolment.nqswID.description),
                FieldChange(field: "setting", before: nil, after: enrolment.setting.rawValue),
                FieldChange(field: "startDate", before: nil, after: enrolment.startDate.description),
                FieldChange(field: "fte", before: nil, after: enrolment.fte.description),
                FieldChange(field: "assessorId", before: nil, after: enrolment.assessorID.description),
                FieldChange(field: "lineManagerId", before: nil, after: enrolment.lineManagerID.description),
            ],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// Writes `updated` only if the stored version is still `expectedVersion`;
    /// returns `false` if someone else changed it first (the caller answers 412).
    /// The conditional UPDATE is atomic: of two concurrent writers holding the
    /// same version, exactly one succeeds.
    public static func update(
        _ updated: Enrolment, expectedVersion: Int, changes: [FieldChange], reason: String?, actor: Actor,
        on connection: PQConnection
    ) throws -> Bool {
        let result = try connection.query("""
            UPDATE enrolments
               SET fte = \(updated.fte), start_date = \(updated.startDate), assessor_id = \(updated.assessorID),
                   line_manager_id = \(updated.lineManagerID), status = \(updated.status),
                   version = version + 1, updated_at = now()
             WHERE id = \(updated.id) AND organisation_id = \(updated.organisationID) AND version = \(expectedVersion)
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: updated.organisationID, actorID: actor.personID, actorRole: actor.role,
            entityType: .enrolment, entityID: updated.id.uuid, action: "enrolment.changed", reason: reason,
            changes: changes + [FieldChange(field: "version", before: String(expectedVersion), after: String(expectedVersion + 1))],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }

    static func record(_ row: PQRow) throws -> EnrolmentRecord {
        var record = EnrolmentRecord(
            enrolment: Enrolment(
                id: try row.decode(at: 0), organisationID: try row.decode(at: 1), nqswID: try row.decode(at: 2),
                setting: try row.decode(at: 3), startDate: try row.decode(at: 4), fte: try row.decode(at: 5),
                assessorID: try row.decode(at: 6), lineManagerID: try row.decode(at: 7), status: try row.decode(at: 8),
                version: try row.decode(at: 9)),
            nqswName: try row.decode(at: 12), assessorName: try row.decode(at: 13), lineManagerName: try row.decode(at: 14),
            createdAt: try row.decode(at: 10), updatedAt: try row.decode(at: 11))
        record.kssFrameworkID = try row.decode(at: 15)
        record.pcfFrameworkID = try row.decode(at: 16)
        record.portfolioRevision = try row.decode(at: 17)
        return record
    }
}
