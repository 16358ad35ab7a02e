public import Domain
public import PQ
internal import Foundation

public enum PanelTag {}
/// An assessment panel's id.
public typealias PanelID = Identifier<PanelTag>

/// A panel as stored: its machine, schedule and membership, and the policy it
/// was scheduled under.
public struct PanelRecord: Sendable, Hashable {
    public var id: PanelID
    public var machine: PanelMachine
    public var schedule: PanelSchedule
    public var chairID: PersonID
    public var memberIDs: Set<PersonID>
    public var quorum: Int
    public var anonymised: Bool
    /// Why it was last cancelled or rescheduled.
    public var reason: String?
    /// Signs for a case the chair is conflicted for (nil: such a case is released).
    public var deputyChairID: PersonID?
    public var version: Int

    public init(id: PanelID, machine: PanelMachine, schedule: PanelSchedule, chairID: PersonID, memberIDs: Set<PersonID>,
                quorum: Int, anonymised: Bool, reason: String?, deputyChairID: PersonID? = nil, version: Int) {
        self.deputyChairID = deputyChairID
        self.id = id
        self.machine = machine
        self.schedule = schedule
        self.chairID = chairID
        self.memberIDs = memberIDs.union([chairID])
        self.quorum = quorum
        self.anonymised = anonymised
        self.reason = reason
        self.version = version
    }

    /// Who sits, for the quorum and conflict rules.
    public var composition: PanelComposition {
        PanelComposition(chair: chairID, members: memberIDs, quorum: quorum, deputyChair: deputyChairID)
    }
}

public enum PanelRepository {
    static let columns: PQFragment = """
        id, state, sits_on, starts_at, ends_at, location, capacity, evidence_deadline, chair_id, quorum, anonymised, reason, version, deputy_chair_id
        """

    /// The organisation's panels (optionally only those `member` sits on), by date.
    public static func panels(in organisation: OrganisationID, member: PersonID? = nil, on connection: PQConnection) throws -> [PanelRecord] {
        let rows = if let member {
            try connection.query("""
                SELECT \(columns) FROM panels
                 WHERE organisation_id = \(organisation) AND id IN (SELECT panel_id FROM panel_members WHERE person_id = \(member))
                 ORDER BY sits_on, starts_at, id
                """)
        } else {
            try connection.query("SELECT \(columns) FROM panels WHERE organisation_id = \(organisation) ORDER BY sits_on, starts_at, id")
        }
        return try records(rows, on: connection)
    }

    /// One panel; `lock` holds its row until the transaction ends, so listings cannot overfill it.
    public static func find(_ id: PanelID, in organisation: OrganisationID, lock: Bool = false, on connection: PQConnection) throws -> PanelRecord? {
        let locking: PQFragment = lock ? "FOR UPDATE" : ""
        return try records(try connection.query("SELECT \(columns) FROM panels WHERE id = \(id) AND organisation_id = \(organisation) \(locking)"),
                           on: connection).first
    }

    private static func records(_ rows: PQResult, on connection: PQConnection) throws -> [PanelRecord] {
        let ids: [PanelID] = try rows.map { try $0.decode(at: 0) }
        var members: [PanelID: Set<PersonID>] = [:]
        if !ids.isEmpty {
            for row in try connection.query("SELECT panel_id, person_id FROM panel_members WHERE panel_id = ANY(\(ids))") {
                members[try row.decode(at: 0), default: []].insert(try row.decode(at: 1))
            }
        }
        return try rows.map { row in
            let id: PanelID = try row.decode(at: 0)
            let reason: String? = try row.decode(at: 11)
            let state: PanelMachine.State = switch try row.decode(PanelMachine.State.Kind.self, at: 1) {
            case .draft: .draft
            case .scheduled: .scheduled
            case .inSession: .inSession
            case .closed: .closed
            case .cancelled: .cancelled(reason: try reason.orThrow("a cancelled panel without its reason"))
            }
            return PanelRecord(
                id: id, machine: PanelMachine(state: state),
                schedule: PanelSchedule(sitsOn: try row.decode(at: 2), startsAt: Int(try row.decode(Int32.self, at: 3)), endsAt: Int(try row.decode(Int32.self, at: 4)),
                                        location: try row.decode(at: 5), capacity: try row.decode(at: 6), evidenceDeadline: try row.decode(at: 7)),
                chairID: try row.decode(at: 8), memberIDs: members[id] ?? [], quorum: try row.decode(at: 9), anonymised: try row.decode(at: 10),
                reason: reason, deputyChairID: try row.decode(at: 13), version: try row.decode(at: 12))
        }
    }

    public static func insert(_ panel: PanelRecord, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        let s = panel.schedule
        try connection.query("""
            INSERT INTO panels (id, organisation_id, state, sits_on, starts_at, ends_at, location, capacity, evidence_deadline, chair_id,
                                quorum, anonymised, created_by, deputy_chair_id)
            VALUES (\(panel.id), \(organisation), \(panel.machine.state.name), \(s.sitsOn), \(s.startsAt), \(s.endsAt), \(s.location),
                    \(s.capacity), \(s.evidenceDeadline), \(panel.chairID), \(panel.quorum), \(panel.anonymised), \(actor.personID),
                    \(panel.deputyChairID))
            """)
        for member in panel.memberIDs.sorted(by: { $0.description < $1.description }) {
            try connection.query("INSERT INTO panel_members (panel_id, organisation_id, person_id) VALUES (\(panel.id), \(organisation), \(member))")
        }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .panel, entityID: panel.id.uuid,
            action: "panel.created",
            changes: [FieldChange(field: "sitsOn", before: nil, after: s.sitsOn.description),
                      FieldChange(field: "chair", before: nil, after: panel.chairID.description),
                      FieldChange(field: "members", before: nil, after: panel.memberIDs.map(\.description).sorted().joined(separator: " "))],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// Writes state, schedule and reason if the panel is still at `expectedVersion`.
    public static func save(
        _ panel: PanelRecord, expectedVersion: Int, organisation: OrganisationID, action: String, reason: String?, changes: [FieldChange],
        actor: Actor, on connection: PQConnection
    ) throws -> Bool {
        let s = panel.schedule
        let result = try connection.query("""
            UPDATE panels SET state = \(panel.machine.state.name), sits_on = \(s.sitsOn), starts_at = \(s.startsAt), ends_at = \(s.endsAt),
                   location = \(s.location), evidence_deadline = \(s.evidenceDeadline), reason = \(panel.reason), version = version + 1
             WHERE id = \(panel.id) AND organisation_id = \(organisation) AND version = \(expectedVersion)
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .panel, entityID: panel.id.uuid,
            action: action, reason: reason, changes: changes, requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }
}

extension PanelRepository {
    /// Adds and removes members of a panel; the caller saves the panel (its version and audit event) in the same transaction.
    public static func changeMembers(of panel: PanelID, adding: Set<PersonID>, removing: Set<PersonID>, organisation: OrganisationID,
                                     on connection: PQConnection) throws {
        for member in adding.sorted(by: { $0.description < $1.description }) {
            try connection.query("INSERT INTO panel_members (panel_id, organisation_id, person_id) VALUES (\(panel), \(organisation), \(member))")
        }
        for member in removing.sorted(by: { $0.description < $1.description }) {
            try connection.query("DELETE FROM panel_members WHERE panel_id = \(panel) AND organisation_id = \(organisation) AND person_id = \(member)")
        }
    }
}
