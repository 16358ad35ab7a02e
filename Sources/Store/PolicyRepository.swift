public import Domain
public import PQ
internal import Foundation

/// Each organisation's policies, versioned: a change adds a version and the
/// old ones stay, so anything recorded under an earlier version still names it.
/// The shipped defaults apply (as version 0) until an organisation sets its own.
public enum PolicyRepository {
    /// The policy families an organisation sets.
    public enum Kind: String, Sendable, CaseIterable {
        case sufficiency
        case supervision
        case panel
        case year

        var table: PQFragment {
            switch self {
            case .year: "year_policies"
            case .sufficiency: "sufficiency_policies"
            case .supervision: "supervision_policies"
            case .panel: "panel_policies"
            }
        }
    }

    /// The latest sufficiency policy, or the default (version 0).
    public static func current(for organisation: OrganisationID, on connection: PQConnection) throws -> SufficiencyPolicy {
        try sufficiency(version: try latest(.sufficiency, organisation: organisation, on: connection))
    }

    /// The statement that reads the latest sufficiency policy of an
    /// enrolment's organisation, to pipeline with others.
    public static func sufficiencyQuery(for enrolment: EnrolmentID) -> PQQuery {
        """
        SELECT p.version, p.policy FROM sufficiency_policies p
         WHERE p.organisation_id = (SELECT e.organisation_id FROM enrolments e WHERE e.id = \(enrolment))
         ORDER BY p.version DESC LIMIT 1
        """
    }

    /// The policy from the rows of ``sufficiencyQuery(for:)``.
    public static func sufficiency(from rows: PQResult) throws -> SufficiencyPolicy {
        try sufficiency(version: try rows.first.map { (try $0.decode(at: 0), try $0.decode(PQJSON.self, at: 1).text) })
    }

    private static func sufficiency(version stored: (version: Int, json: String)?) throws -> SufficiencyPolicy {
        guard let (version, json) = stored else {
            var policy = SufficiencyPolicy.standard
            policy.version = 0
            return policy
        }
        var policy = try JSONDecoder().decode(SufficiencyPolicy.self, from: Data(json.utf8))
        policy.version = version
        return policy
    }

    /// The latest supervision policy and its version (0 = the default).
    public static func supervision(for organisation: OrganisationID, on connection: PQConnection) throws -> (version: Int, policy: SupervisionPolicy) {
        guard let (version, json) = try latest(.supervision, organisation: organisation, on: connection) else { return (0, .standard) }
        return (version, try JSONDecoder().decode(SupervisionPolicy.self, from: Data(json.utf8)))
    }

    /// The latest panel and moderation policy, or the default (version 0).
    public static func panel(for organisation: OrganisationID, on connection: PQConnection) throws -> (version: Int, policy: PanelPolicy) {
        guard let (version, json) = try latest(.panel, organisation: organisation, on: connection) else { return (0, .standard) }
        return (version, try JSONDecoder().decode(PanelPolicy.self, from: Data(json.utf8)))
    }

    /// The latest year policy and its version (0 = the default).
    public static func year(for organisation: OrganisationID, on connection: PQConnection) throws -> (version: Int, policy: YearPolicy) {
        guard let (version, json) = try latest(.year, organisation: organisation, on: connection) else { return (0, .standard) }
        return (version, try JSONDecoder().decode(YearPolicy.self, from: Data(json.utf8)))
    }

    /// The statement that reads the year policy of an enrolment's
    /// organisation, to pipeline with others (no row: the default).
    public static func yearQuery(for enrolment: EnrolmentID) -> PQQuery {
        """
        SELECT p.policy FROM year_policies p
         WHERE p.organisation_id = (SELECT e.organisation_id FROM enrolments e WHERE e.id = \(enrolment))
         ORDER BY p.version DESC LIMIT 1
        """
    }

    /// The policy from the rows of ``yearQuery(for:)``.
    public static func year(from rows: PQResult) throws -> YearPolicy {
        guard let row = rows.first else { return .standard }
        return try JSONDecoder().decode(YearPolicy.self, from: Data(try row.decode(PQJSON.self, at: 0).text.utf8))
    }

    /// Stores `json` as the next version, with why, and returns its number. Two
    /// coordinators saving at once cannot both take the same number (primary
    /// key): one gets 409. The audit event holds each changed setting's before → after.
    public static func addVersion(_ kind: Kind, json: String, reason: String, organisation: OrganisationID, actor: Actor,
                                  on connection: PQConnection) throws -> Int {
        let previous = try latest(kind, organisation: organisation, on: connection)
        let next = (previous?.version ?? 0) + 1
        try connection.query("""
            INSERT INTO \(kind.table) (organisation_id, version, policy, created_by, reason)
            VALUES (\(organisation), \(next), \(PQJSON(text: json)), \(actor.personID), \(reason))
            """)
        let changes = [FieldChange(field: "\(kind.rawValue)PolicyVersion", before: previous.map { String($0.version) }, after: String(next))]
            + settingChanges(from: previous?.json, to: json)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .organisation,
            entityID: organisation.uuid, action: "policy.\(kind.rawValue)_changed", reason: reason, changes: changes,
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return next
    }

    /// Each top-level setting whose value differs between two stored policies, as compact JSON.
    static func settingChanges(from old: String?, to new: String) -> [FieldChange] {
        func settings(_ json: String?) -> [String: String] {
            guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [:] }
            return object.compactMapValues { value in
                guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
                else { return nil }
                return String(decoding: data, as: UTF8.self)
            }
        }
        let (before, after) = (settings(old), settings(new))
        return Set(before.keys).union(after.keys).filter { $0 != "version" && before[$0] != after[$0] }.sorted()
            .map { FieldChange(field: $0, before: before[$0], after: after[$0]) }
    }

    private static func latest(_ kind: Kind, organisation: OrganisationID, on connection: PQConnection) throws -> (version: Int, json: String)? {
        guard let row = try connection.query("""
            SELECT version, policy FROM \(kind.table) WHERE organisation_id = \(organisation) ORDER BY version DESC LIMIT 1
            """).first
        else { return nil }
        return (try row.decode(at: 0), try row.decode(PQJSON.self, at: 1).text)
    }
}
