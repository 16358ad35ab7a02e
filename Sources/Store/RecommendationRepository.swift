public import Domain
public import PQ
public import Foundation

/// A recommendation with all its versions, newest last.
public struct RecommendationRecord: Sendable {
    public struct Version: Sendable {
        public var number: Int
        public var outcome: RecommendedOutcome
        public var rationale: String
        public var borderline: Bool
        public var grade: Int?
        public var justifications: [String: String]
        /// The sufficiency findings and evidence the version was made on (JSON).
        public var snapshot: String
        public var amendmentReason: String?
        public var submittedBy: PersonID
        public var submittedOn: CalendarDay

        public init(number: Int, outcome: RecommendedOutcome, rationale: String, borderline: Bool, grade: Int?, justifications: [String: String],
                    snapshot: String, amendmentReason: String?, submittedBy: PersonID, submittedOn: CalendarDay) {
            self.number = number
            self.outcome = outcome
            self.rationale = rationale
            self.borderline = borderline
            self.grade = grade
            self.justifications = justifications
            self.snapshot = snapshot
            self.amendmentReason = amendmentReason
            self.submittedBy = submittedBy
            self.submittedOn = submittedOn
        }
    }

    public var id: UUID
    public var enrolmentID: EnrolmentID
    public var machine: RecommendationMachine
    public var versions: [Version]
    public var version: Int

    public init(id: UUID, enrolmentID: EnrolmentID, machine: RecommendationMachine, versions: [Version], version: Int) {
        self.id = id
        self.enrolmentID = enrolmentID
        self.machine = machine
        self.versions = versions
        self.version = version
    }
}

public enum RecommendationRepository {
    /// The enrolment's recommendation with its versions. `locking` takes its
    /// row lock first, so that recording a panel's decision and amending the
    /// recommendation take turns: the second sees what the first committed.
    public static func find(for enrolment: EnrolmentID, organisation: OrganisationID, locking: Bool = false,
                            on connection: PQConnection) throws -> RecommendationRecord? {
        let lock: PQFragment = locking ? "FOR UPDATE" : ""
        guard let row = try connection.query("""
            SELECT id, state, current_version, withdrawn_reason, version FROM recommendations
             WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation) \(lock)
            """).first else { return nil }
        let id: UUID = try row.decode(at: 0)
        let current: Int = try row.decode(at: 2)
        let state: RecommendationMachine.State = switch try row.decode(RecommendationMachine.State.Kind.self, at: 1) {
        case .draft: throw PQError.decoding("a stored recommendation in draft")
        case .submitted: .submitted(version: current)
        case .allocated: .allocated(version: current)
        case .decided: .decided(version: current)
        case .withdrawn: .withdrawn(reason: try row.decode(String?.self, at: 3).orThrow("a withdrawn recommendation without its reason"))
        }
        let versions = try connection.query("""
            SELECT number, outcome, rationale, borderline, grade, justifications, snapshot, amendment_reason, submitted_by, submitted_on
              FROM recommendation_versions WHERE recommendation_id = \(id) ORDER BY number
            """).map { row in
            let justifications = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(PQJSON.self, at: 5).text.utf8))
            return RecommendationRecord.Version(
                number: try row.decode(at: 0), outcome: try row.decode(at: 1), rationale: try row.decode(at: 2),
                borderline: try row.decode(at: 3), grade: try row.decode(at: 4), justifications: justifications,
                snapshot: try row.decode(PQJSON.self, at: 6).text, amendmentReason: try row.decode(at: 7), submittedBy: try row.decode(at: 8),
                submittedOn: try row.decode(at: 9))
        }
        return RecommendationRecord(id: id, enrolmentID: enrolment, machine: RecommendationMachine(state: state), versions: versions, version: try row.decode(at: 4))
    }

    /// Writes the machine's state (conditional on `expectedVersion`, or creates the record) and appends `newVersion` if given.
    public static func save(
        _ record: RecommendationRecord, creating: Bool, expectedVersion: Int, newVersion: RecommendationRecord.Version?,
        organisation: OrganisationID, action: String, reason: String?, actor: Actor, on connection: PQConnection
    ) throws -> Bool {
        let currentVersion: Int = switch record.machine.state {
        case .submitted(let version), .allocated(let version), .decided(let version): version
        case .draft, .withdrawn: record.versions.last?.number ?? 1
        }
        var withdrawn: String?
        if case .withdrawn(let reason) = record.machine.state { withdrawn = reason }
        if creating {
            try connection.query("""
                INSERT INTO recommendations (id, organisation_id, enrolment_id, state, current_version)
                VALUES (\(record.id), \(organisation), \(record.enrolmentID), \(record.machine.state.name), \(currentVersion))
                """)
        } else {
            let result = try connection.query("""
                UPDATE recommendations SET state = \(record.machine.state.name), current_version = \(currentVersion),
                       withdrawn_reason = \(withdrawn), version = version + 1
                 WHERE id = \(record.id) AND organisation_id = \(organisation) AND version = \(expectedVersion)
                """)
            guard result.affectedRows == 1 else { return false }
        }
        if let version = newVersion {
            let justifications = PQJSON(text: String(decoding: try JSONEncoder().encode(version.justifications), as: UTF8.self))
            try connection.query("""
                INSERT INTO recommendation_versions (recommendation_id, organisation_id, number, outcome, rationale, borderline, grade,
                                                     justifications, snapshot, amendment_reason, submitted_by, submitted_on)
                VALUES (\(record.id), \(organisation), \(version.number), \(version.outcome.rawValue), \(version.rationale), \(version.borderline),
                        \(version.grade), \(justifications), \(PQJSON(text: version.snapshot)), \(version.amendmentReason), \(version.submittedBy), \(version.submittedOn))
                """)
        }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .recommendation, entityID: record.id,
            action: action, reason: reason,
            changes: newVersion.map { [FieldChange(field: "outcome", before: nil, after: $0.outcome.rawValue), FieldChange(field: "version", before: nil, after: String($0.number))] } ?? [],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID, occurredOn: newVersion?.submittedOn), on: connection)
        return true
    }
}
