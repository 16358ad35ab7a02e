public import Domain
public import PQ

/// Concerns and the facts the rest of the year reads from them.
public enum ConcernRepository {
    static let columns: PQFragment = """
        id, enrolment_id, raised_by, raised_on, category, severity, description, statements, evidence_ids,
        shared_on, nqsw_response, responded_on, outcome, outcome_on
        """

    public static func concerns(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [Concern] {
        try connection.query("""
            SELECT \(columns) FROM concerns WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation) ORDER BY raised_on, created_at
            """).map(concern)
    }

    /// One concern about an enrolment, if it is there.
    public static func find(_ id: ConcernID, enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> Concern? {
        try connection.query("""
            SELECT \(columns) FROM concerns WHERE id = \(id) AND enrolment_id = \(enrolment) AND organisation_id = \(organisation)
            """).first.map(concern)
    }

    /// Stores a concern raised on its `raisedOn`, entered on `enteredOn` (the clock's today; nil: the day raised).
    public static func insert(_ concern: Concern, enteredOn: CalendarDay? = nil, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO concerns (id, organisation_id, enrolment_id, raised_by, raised_on, category, severity, description, statements, evidence_ids, entered_on)
            VALUES (\(concern.id), \(organisation), \(concern.enrolmentID), \(concern.raisedBy), \(concern.raisedOn), \(concern.category.rawValue),
                    \(concern.severity.rawValue), \(concern.description), \(concern.statements), \(concern.evidence), \(enteredOn ?? concern.raisedOn))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .concern, entityID: concern.id.uuid,
            action: "concern.raised",
            changes: [FieldChange(field: "severity", before: nil, after: concern.severity.rawValue),
                      FieldChange(field: "category", before: nil, after: concern.category.rawValue)], requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// One step of a concern's life, applied once: `false` if it already happened.
    public enum Step: Sendable {
        case shared(CalendarDay)
        case response(String, CalendarDay)
        case outcome(String, CalendarDay)
    }

    public static func record(_ step: Step, on concern: ConcernID, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws -> Bool {
        let query: PQQuery
        let action: String
        switch step {
        case .shared(let day):
            query = "UPDATE concerns SET shared_on = \(day) WHERE id = \(concern) AND organisation_id = \(organisation) AND shared_on IS NULL"
            action = "concern.shared"
        case .response(let text, let day):
            query = """
                UPDATE concerns SET nqsw_response = \(text), responded_on = \(day)
                 WHERE id = \(concern) AND organisation_id = \(organisation) AND responded_on IS NULL AND shared_on IS NOT NULL
                """
            action = "concern.responded"
        case .outcome(let text, let day):
            query = "UPDATE concerns SET outcome = \(text), outcome_on = \(day) WHERE id = \(concern) AND organisation_id = \(organisation) AND outcome IS NULL"
            action = "concern.outcome_recorded"
        }
        guard try connection.query(query).affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .concern, entityID: concern.uuid,
            action: action, requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }

    static func concern(_ row: PQRow) throws -> Concern {
        return Concern(
            id: try row.decode(at: 0), enrolmentID: try row.decode(at: 1), raisedBy: try row.decode(at: 2), raisedOn: try row.decode(at: 3),
            category: try row.decode(at: 4), severity: try row.decode(at: 5),
            description: try row.decode(at: 6), statements: try row.decode(at: 7), evidence: try row.decode(at: 8),
            sharedOn: try row.decode(at: 9), nqswResponse: try row.decode(at: 10), respondedOn: try row.decode(at: 11),
            outcome: try row.decode(at: 12), outcomeOn: try row.decode(at: 13))
    }
}
