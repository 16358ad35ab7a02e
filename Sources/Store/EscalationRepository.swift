public import Domain
public import PQ
public import Foundation

/// An escalation as stored: its machine, who escalated, the pack, and the private notes.
public struct EscalationRecord: Sendable, Hashable {
    public var id: UUID
    public var enrolmentID: EnrolmentID
    public var concernID: ConcernID
    public var escalatedBy: PersonID
    public var escalatedOn: CalendarDay
    /// Why it was escalated, in the escalating person's words.
    public var reason: String
    /// The support and action plan behind it, if any.
    public var planID: UUID?
    public var machine: Escalation
    public var acknowledgedOn: CalendarDay?
    public var decidedOn: CalendarDay?
    /// The referral pack (JSON), assembled when escalated.
    public var pack: String
    public var notes: [(author: PersonID, on: CalendarDay, text: String)]
    public var version: Int

    public init(
        id: UUID, enrolmentID: EnrolmentID, concernID: ConcernID, escalatedBy: PersonID, escalatedOn: CalendarDay, reason: String, planID: UUID?,
        machine: Escalation,
        acknowledgedOn: CalendarDay?, decidedOn: CalendarDay?, pack: String, notes: [(author: PersonID, on: CalendarDay, text: String)], version: Int
    ) {
        self.id = id
        self.enrolmentID = enrolmentID
        self.concernID = concernID
        self.escalatedBy = escalatedBy
        self.escalatedOn = escalatedOn
        self.reason = reason
        self.planID = planID
        self.machine = machine
        self.acknowledgedOn = acknowledgedOn
        self.decidedOn = decidedOn
        self.pack = pack
        self.notes = notes
        self.version = version
    }

    public static func == (lhs: EscalationRecord, rhs: EscalationRecord) -> Bool { lhs.id == rhs.id && lhs.version == rhs.version }
    public func hash(into hasher: inout Hasher) { hasher.combine(id); hasher.combine(version) }
}

public enum EscalationRepository {
    static let columns: PQFragment = "id, enrolment_id, concern_id, escalated_by, escalated_on, state, acknowledged_on, decision, decided_on, pack, version, reason, plan_id"

    /// Escalations in the organisation, optionally only those for one enrolment.
    public static func escalations(in organisation: OrganisationID, enrolment: EnrolmentID? = nil, on connection: PQConnection) throws -> [EscalationRecord] {
        let rows = if let enrolment {
            try connection.query("""
                SELECT \(columns) FROM escalations WHERE organisation_id = \(organisation) AND enrolment_id = \(enrolment) ORDER BY escalated_on, created_at
                """)
        } else {
            try connection.query("SELECT \(columns) FROM escalations WHERE organisation_id = \(organisation) ORDER BY escalated_on, created_at")
        }
        return try records(rows, organisation: organisation, on: connection)
    }

    /// One escalation in the organisation, if it is there.
    public static func find(_ id: UUID, organisation: OrganisationID, on connection: PQConnection) throws -> EscalationRecord? {
        try records(try connection.query("SELECT \(columns) FROM escalations WHERE id = \(id) AND organisation_id = \(organisation)"),
                    organisation: organisation, on: connection).first
    }

    private static func records(_ rows: PQResult, organisation: OrganisationID, on connection: PQConnection) throws -> [EscalationRecord] {
        let ids: [UUID] = try rows.map { try $0.decode(at: 0) }
        let notes = ids.isEmpty ? [] : Array(try connection.query("""
            SELECT n.escalation_id, n.author_id, n.noted_on, n.text FROM escalation_notes n
             WHERE n.organisation_id = \(organisation) AND n.escalation_id = ANY(\(ids)) ORDER BY n.id
            """))
        var byEscalation: [UUID: [(author: PersonID, on: CalendarDay, text: String)]] = [:]
        for row in notes {
            byEscalation[try row.decode(at: 0), default: []].append((try row.decode(at: 1), try row.decode(at: 2), try row.decode(at: 3)))
        }
        return try rows.map { row in
            let id: UUID = try row.decode(at: 0)
            let decisionJSON: PQJSON? = try row.decode(at: 7)
            let state: Escalation.State = switch try row.decode(Escalation.State.Kind.self, at: 5) {
            case .awaitingAcknowledgement: .awaitingAcknowledgement
            case .acknowledged: .acknowledged
            case .decided:
                .decided(try JSONDecoder().decode(EscalationDecision.self, from: Data(try decisionJSON.orThrow("a decided escalation without its decision").text.utf8)))
            }
            return EscalationRecord(
                id: id, enrolmentID: try row.decode(at: 1), concernID: try row.decode(at: 2), escalatedBy: try row.decode(at: 3),
                escalatedOn: try row.decode(at: 4), reason: try row.decode(at: 11), planID: try row.decode(at: 12), machine: Escalation(state: state), acknowledgedOn: try row.decode(at: 6),
                decidedOn: try row.decode(at: 8), pack: try row.decode(PQJSON.self, at: 9).text, notes: byEscalation[id] ?? [],
                version: try row.decode(at: 10))
        }
    }

    public static func insert(_ record: EscalationRecord, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO escalations (id, organisation_id, enrolment_id, concern_id, escalated_by, escalated_on, state, pack, reason, plan_id)
            VALUES (\(record.id), \(organisation), \(record.enrolmentID), \(record.concernID), \(record.escalatedBy), \(record.escalatedOn),
                    'awaiting_acknowledgement', \(PQJSON(text: record.pack)), \(record.reason), \(record.planID))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .escalation, entityID: record.id,
            action: "escalation.created", reason: record.reason,
            changes: record.planID.map { [FieldChange(field: "planId", before: nil, after: $0.uuidString.lowercased())] } ?? [],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID, occurredOn: record.escalatedOn), on: connection)
    }

    /// Applies an acknowledgement, note or decision if the version is still `expectedVersion`.
    public static func save(
        _ record: EscalationRecord, effect: Escalation.Effect, note: String?, by person: PersonID, on day: CalendarDay, expectedVersion: Int,
        organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws -> Bool {
        var decisionJSON: PQJSON?
        if case .decided(let decision) = record.machine.state {
            decisionJSON = PQJSON(text: String(decoding: try JSONEncoder().encode(decision), as: UTF8.self))
        }
        let acknowledged = effect == .acknowledged
        let decided = decisionJSON != nil && effect != .noted
        let result = try connection.query("""
            UPDATE escalations
               SET state = \(record.machine.state.name), version = version + 1,
                   acknowledged_on = CASE WHEN \(acknowledged) THEN \(day) ELSE acknowledged_on END,
                   acknowledged_by = CASE WHEN \(acknowledged) THEN \(person) ELSE acknowledged_by END,
                   decision = CASE WHEN \(decided) THEN \(decisionJSON) ELSE decision END,
                   decided_on = CASE WHEN \(decided) THEN \(day) ELSE decided_on END,
                   decided_by = CASE WHEN \(decided) THEN \(person) ELSE decided_by END
             WHERE id = \(record.id) AND organisation_id = \(organisation) AND version = \(expectedVersion)
            """)
        guard result.affectedRows == 1 else { return false }
        if let note {
            try connection.query("""
                INSERT INTO escalation_notes (escalation_id, organisation_id, author_id, noted_on, text)
                VALUES (\(record.id), \(organisation), \(person), \(day), \(note))
                """)
        }
        let action: String = switch effect {
        case .acknowledged: "escalation.acknowledged"
        case .noted: "escalation.noted"
        case .decided(let referred): referred ? "escalation.decided_with_referral" : "escalation.decided"
        }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .escalation, entityID: record.id,
            action: action, requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }

    /// Every read of a fitness-to-practise record is itself recorded.
    public static func recordRead(_ ids: [UUID], organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        try AuditLog.recordReads(of: .escalation, ids, action: "escalation.read", organisation: organisation, actor: actor, on: connection)
    }
}
