public import Domain
public import PQ
internal import Foundation
internal import Synchronization

/// Supervision sessions and the working-day calendar.
public enum SupervisionRepository {
    static let columns: PQFragment = """
        id, enrolment_id, supervisor_id, scheduled_for, outcome, duration_minutes, topics, agreed_actions, cancellation_reason,
        rescheduled_to, reported_on, supervisor_signed_on, nqsw_signed_on, copy_given_on, version, kind, starts_at, actions
        """

    /// What happened to a session, as the schema's CHECK names it.
    enum OutcomeKind: String, CaseIterable, PQEncodable, PQDecodable {
        case held
        case cancelled
    }

    /// Bank holidays are reference data that change only by migration (after
    /// which servers restart), so they are read once per process, not per request.
    private static let cachedCalendar = Mutex<WorkingCalendar?>(nil)

    public static func calendar(on connection: PQConnection) throws -> WorkingCalendar {
        if let calendar = cachedCalendar.withLock({ $0 }) { return calendar }
        let calendar = WorkingCalendar(bankHolidays: Set(try connection.query("SELECT day FROM bank_holidays").map { try $0.decode(CalendarDay.self, at: 0) }))
        cachedCalendar.withLock { $0 = calendar }
        return calendar
    }

    public static func sessions(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [SupervisionSession] {
        try withAddenda(connection.pipeline([
            """
            SELECT \(columns) FROM supervision_sessions WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation)
             ORDER BY scheduled_for, created_at
            """,
            """
            SELECT a.session_id, a.text, a.added_by, a.added_on FROM supervision_addenda a JOIN supervision_sessions s ON s.id = a.session_id
             WHERE s.enrolment_id = \(enrolment) AND a.organisation_id = \(organisation) ORDER BY a.created_at
            """,
        ]))
    }

    /// One session of an enrolment, if it is there.
    public static func find(_ id: SupervisionID, enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> SupervisionSession? {
        try withAddenda(connection.pipeline([
            "SELECT \(columns) FROM supervision_sessions WHERE id = \(id) AND enrolment_id = \(enrolment) AND organisation_id = \(organisation)",
            "SELECT session_id, text, added_by, added_on FROM supervision_addenda WHERE session_id = \(id) AND organisation_id = \(organisation) ORDER BY created_at",
        ])).first
    }

    /// Sessions from the first result, each with its addenda from the second.
    private static func withAddenda(_ results: [Result<PQResult, PQError>]) throws -> [SupervisionSession] {
        var addenda: [SupervisionID: [SupervisionAddendum]] = [:]
        for row in try results[1].get() {
            addenda[try row.decode(at: 0), default: []].append(
                SupervisionAddendum(text: try row.decode(at: 1), addedBy: try row.decode(at: 2), addedOn: try row.decode(at: 3)))
        }
        return try results[0].get().map { row in
            var found = try session(row)
            found.addenda = addenda[found.id] ?? []
            return found
        }
    }

    /// Adds a note to a held session's record, which stays as it was signed.
    public static func addAddendum(_ addendum: SupervisionAddendum, to session: SupervisionID, organisation: OrganisationID, actor: Actor,
                                   on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO supervision_addenda (id, organisation_id, session_id, text, added_by, added_on)
            VALUES (\(UUID()), \(organisation), \(session), \(addendum.text), \(addendum.addedBy), \(addendum.addedOn))
            """)
        try connection.query("UPDATE supervision_sessions SET version = version + 1 WHERE id = \(session) AND organisation_id = \(organisation)")
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .supervision, entityID: session.uuid,
            action: "supervision.addendum_added", reason: addendum.text, requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// Sessions of every enrolment in an organisation, by enrolment.
    public static func sessions(in organisation: OrganisationID, on connection: PQConnection) throws -> [EnrolmentID: [SupervisionSession]] {
        let rows = try connection.query("""
            SELECT \(columns) FROM supervision_sessions WHERE organisation_id = \(organisation) ORDER BY scheduled_for, created_at
            """)
        return Dictionary(grouping: try rows.map(session), by: \.enrolmentID)
    }

    public static func insert(_ session: SupervisionSession, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        var duration: Int?
        var topics: String?
        var actions: String?
        var reason: String?
        var rescheduled: CalendarDay?
        var reported: CalendarDay?
        let outcome: OutcomeKind
        switch session.outcome {
        case .held(let minutes, let heldTopics, let agreed):
            outcome = .held; duration = minutes; topics = heldTopics; actions = agreed
        case .cancelled(let why, let to, let on):
            outcome = .cancelled; reason = why; rescheduled = to; reported = on
        }
        try connection.query("""
            INSERT INTO supervision_sessions (id, organisation_id, enrolment_id, supervisor_id, scheduled_for, outcome, duration_minutes,
                                              topics, agreed_actions, cancellation_reason, rescheduled_to, reported_on, supervisor_signed_on,
                                              kind, starts_at, actions)
            VALUES (\(session.id), \(organisation), \(session.enrolmentID), \(session.supervisorID), \(session.scheduledFor), \(outcome),
                    \(duration), \(topics), \(actions), \(reason), \(rescheduled), \(reported), \(session.supervisorSignedOn),
                    \(session.kind.rawValue), \(session.startsAt), \(PQJSON(text: String(decoding: try JSONEncoder().encode(session.actions), as: UTF8.self))))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .supervision, entityID: session.id.uuid,
            action: outcome == .held ? "supervision.recorded" : "supervision.cancelled", reason: reason,
            changes: [FieldChange(field: "scheduledFor", before: nil, after: session.scheduledFor.description),
                      FieldChange(field: "kind", before: nil, after: session.kind.rawValue)], requestID: actor.requestID, clientRequestID: actor.clientRequestID,
            occurredOn: session.scheduledFor), on: connection)
    }

    /// Signs (NQSW) or records the copy given, if the version is still `expectedVersion`.
    public static func update(
        _ session: SupervisionID, nqswSignedOn: CalendarDay?, copyGivenOn: CalendarDay?, expectedVersion: Int, organisation: OrganisationID,
        action: String, actor: Actor, on connection: PQConnection
    ) throws -> Bool {
        let result = try connection.query("""
            UPDATE supervision_sessions
               SET nqsw_signed_on = coalesce(nqsw_signed_on, \(nqswSignedOn)), copy_given_on = coalesce(copy_given_on, \(copyGivenOn)),
                   version = version + 1
             WHERE id = \(session) AND organisation_id = \(organisation) AND version = \(expectedVersion) AND outcome = 'held'
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .supervision, entityID: session.uuid,
            action: action, requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }

    /// Records that an unrescheduled cancellation was reported to the supervisor's
    /// line manager; `false` if the session is not such a cancellation or it was already reported.
    public static func recordReport(_ session: SupervisionID, on day: CalendarDay, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws -> Bool {
        let result = try connection.query("""
            UPDATE supervision_sessions SET reported_on = \(day), version = version + 1
             WHERE id = \(session) AND organisation_id = \(organisation) AND outcome = 'cancelled'
               AND reported_on IS NULL AND scheduled_for <= \(day)
               AND (rescheduled_to IS NULL
                    OR (rescheduled_to <= \(day) AND NOT EXISTS (
                        SELECT 1 FROM supervision_sessions h
                         WHERE h.enrolment_id = supervision_sessions.enrolment_id AND h.outcome = 'held' AND h.scheduled_for = supervision_sessions.rescheduled_to)))
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .supervision, entityID: session.uuid,
            action: "supervision.cancellation_reported", changes: [FieldChange(field: "reportedOn", before: nil, after: day.description)],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }

    static func session(_ row: PQRow) throws -> SupervisionSession {
        let result: SupervisionSession.Outcome = switch try row.decode(OutcomeKind.self, at: 4) {
        case .held:
            .held(durationMinutes: try row.decode(at: 5), topics: try row.decode(at: 6), agreedActions: try row.decode(String?.self, at: 7) ?? "")
        case .cancelled:
            .cancelled(reason: try row.decode(at: 8), rescheduledTo: try row.decode(at: 9), reportedOn: try row.decode(at: 10))
        }
        return SupervisionSession(
            id: try row.decode(at: 0), enrolmentID: try row.decode(at: 1), supervisorID: try row.decode(at: 2), scheduledFor: try row.decode(at: 3),
            kind: try row.decode(at: 15), startsAt: try row.decode(at: 16),
            actions: try JSONDecoder().decode([AgreedAction].self, from: Data(try row.decode(PQJSON.self, at: 17).text.utf8)),
            outcome: result, supervisorSignedOn: try row.decode(at: 11), nqswSignedOn: try row.decode(at: 12), copyGivenOn: try row.decode(at: 13),
            version: try row.decode(at: 14))
    }
}
