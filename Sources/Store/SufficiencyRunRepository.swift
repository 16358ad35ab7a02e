public import Domain
public import PQ
public import Foundation

/// A sufficiency check someone relied on, kept exactly as it was shown.
public struct SufficiencyRun: Sendable, Hashable {
    /// Why the run was kept.
    public enum Occasion: String, Sendable, Hashable, CaseIterable {
        /// Someone asked to save it.
        case saved
        /// A review recorded a judgement on the year.
        case review
        /// A version of the recommendation was submitted.
        case recommendation
    }

    public var id: UUID
    public var enrolmentID: EnrolmentID
    public var occasion: Occasion
    /// The review or recommendation, and its version.
    public var source: (id: UUID, version: Int)?
    public var note: String?
    public var asOf: CalendarDay
    public var knownAt: CalendarDay?
    public var recordedOn: CalendarDay
    public var recordedBy: PersonID
    public var recordedByName: String
    public var recordedAt: Date
    public var portfolioRevision: Int
    public var enrolmentVersion: Int
    public var policyVersion: Int
    public var kssFramework: String
    public var pcfFramework: String
    /// How many of the four criteria were met.
    public var criteriaMet: Int
    /// The report as stored (JSON text).
    public var report: String

    public init(id: UUID, enrolmentID: EnrolmentID, occasion: Occasion, source: (id: UUID, version: Int)?, note: String?, asOf: CalendarDay,
                knownAt: CalendarDay?, recordedOn: CalendarDay, recordedBy: PersonID, recordedByName: String = "", recordedAt: Date = Date(),
                portfolioRevision: Int, enrolmentVersion: Int, policyVersion: Int, kssFramework: String, pcfFramework: String,
                criteriaMet: Int, report: String) {
        self.id = id
        self.enrolmentID = enrolmentID
        self.occasion = occasion
        self.source = source
        self.note = note
        self.asOf = asOf
        self.knownAt = knownAt
        self.recordedOn = recordedOn
        self.recordedBy = recordedBy
        self.recordedByName = recordedByName
        self.recordedAt = recordedAt
        self.portfolioRevision = portfolioRevision
        self.enrolmentVersion = enrolmentVersion
        self.policyVersion = policyVersion
        self.kssFramework = kssFramework
        self.pcfFramework = pcfFramework
        self.criteriaMet = criteriaMet
        self.report = report
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id && lhs.report == rhs.report }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension SufficiencyRun.Occasion: PQEncodable, PQDecodable {}

/// Kept runs: written once, read as they were.
public enum SufficiencyRunRepository {
    static let columns: PQFragment = """
        r.id, r.enrolment_id, r.occasion, r.source_id, r.source_version, r.note, r.as_of, r.known_at, r.recorded_on, r.recorded_by,
        p.name, r.created_at, r.portfolio_revision, r.enrolment_version, r.policy_version, r.kss_framework, r.pcf_framework, r.criteria_met
        """

    /// Keeps a run. A saved run is recorded on the trail; a run kept with a
    /// review or recommendation is part of that record's own event.
    public static func insert(_ run: SufficiencyRun, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO sufficiency_runs (id, organisation_id, enrolment_id, occasion, source_id, source_version, note, as_of, known_at,
                                          recorded_on, recorded_by, portfolio_revision, enrolment_version, policy_version,
                                          kss_framework, pcf_framework, criteria_met, report)
            VALUES (\(run.id), \(organisation), \(run.enrolmentID), \(run.occasion), \(run.source?.id), \(run.source?.version), \(run.note),
                    \(run.asOf), \(run.knownAt), \(run.recordedOn), \(run.recordedBy), \(run.portfolioRevision), \(run.enrolmentVersion),
                    \(run.policyVersion), \(run.kssFramework), \(run.pcfFramework), \(run.criteriaMet), \(PQJSON(text: run.report)))
            """)
        guard run.occasion == .saved else { return }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .sufficiencyRun, entityID: run.id,
            action: "sufficiency.saved", reason: run.note,
            changes: [FieldChange(field: "enrolmentId", before: nil, after: run.enrolmentID.description),
                      FieldChange(field: "asOf", before: nil, after: run.asOf.description),
                      FieldChange(field: "knownAt", before: nil, after: run.knownAt?.description),
                      FieldChange(field: "criteriaMet", before: nil, after: String(run.criteriaMet))],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// A year's runs, newest first, without their reports.
    public static func list(of enrolment: EnrolmentID, organisation: OrganisationID, limit: Int, offset: Int, on connection: PQConnection) throws -> [SufficiencyRun] {
        try connection.query("""
            SELECT \(columns), '{}'::text FROM sufficiency_runs r JOIN people p ON p.id = r.recorded_by
             WHERE r.enrolment_id = \(enrolment) AND r.organisation_id = \(organisation)
             ORDER BY r.created_at DESC, r.id LIMIT \(limit) OFFSET \(offset)
            """).map(run)
    }

    /// One run with its report as it was stored.
    public static func find(_ id: UUID, enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> SufficiencyRun? {
        try connection.query("""
            SELECT \(columns), r.report::text FROM sufficiency_runs r JOIN people p ON p.id = r.recorded_by
             WHERE r.id = \(id) AND r.enrolment_id = \(enrolment) AND r.organisation_id = \(organisation)
            """).first.map(run)
    }

    private static func run(_ row: PQRow) throws -> SufficiencyRun {
        let sourceID: UUID? = try row.decode(at: 3)
        let sourceVersion: Int? = try row.decode(at: 4)
        return SufficiencyRun(
            id: try row.decode(at: 0), enrolmentID: try row.decode(at: 1), occasion: try row.decode(at: 2),
            source: try sourceID.map { ($0, try sourceVersion.orThrow("a run's source without its version")) }, note: try row.decode(at: 5),
            asOf: try row.decode(at: 6), knownAt: try row.decode(at: 7), recordedOn: try row.decode(at: 8), recordedBy: try row.decode(at: 9),
            recordedByName: try row.decode(at: 10), recordedAt: try row.decode(at: 11), portfolioRevision: try row.decode(at: 12),
            enrolmentVersion: try row.decode(at: 13), policyVersion: try row.decode(at: 14), kssFramework: try row.decode(at: 15),
            pcfFramework: try row.decode(at: 16), criteriaMet: try row.decode(at: 17), report: try row.decode(at: 18))
    }
}
