public import Domain
public import PQ
public import Foundation

/// A moderation sample as stored: how it was drawn, its cases, its moderators,
/// their reviews and any disputes.
public struct ModerationSampleRecord: Sendable, Hashable {
    public struct SampledCase: Sendable, Hashable {
        public var caseID: PanelCaseID
        /// The sample's own numbering, which is all an external moderator sees.
        public var number: Int
        /// fail, borderline, near_miss or random.
        public var reason: String
    }

    public struct Moderator: Sendable, Hashable {
        public var personID: PersonID
        public var external: Bool

        public init(personID: PersonID, external: Bool) {
            self.personID = personID
            self.external = external
        }
    }

    public struct Dispute: Sendable, Hashable {
        public var id: UUID
        public var settled: Bool
        public var resolution: String?
        public var settledBy: PersonID?
        public var settledOn: CalendarDay?
        public var version: Int
        /// The evidence items and reviews the settlement rests on.
        public var citedEvidence: [UUID] = []
        public var citedReviews: [UUID] = []
        /// Whether the settlement referred the case back to a panel (a new listing).
        public var refersToPanel: Bool = false
    }

    public struct Review: Sendable, Hashable {
        public var id: UUID
        public var caseID: PanelCaseID
        public var moderatorID: PersonID
        public var verdict: ModerationReview.Verdict
        public var comments: [String: String]
        public var recordedAt: Date
        public var dispute: Dispute?
    }

    public var id: UUID
    public var decidedFrom: CalendarDay
    public var decidedTo: CalendarDay
    public var seed: Int64
    public var share: Double
    public var drawnBy: PersonID
    public var drawnAt: Date
    /// The earlier sample of the period this one was drawn again in place of, and why.
    public var replaces: UUID?
    public var redrawReason: String?
    public var cases: [SampledCase]
    public var moderators: [Moderator]
    public var reviews: [Review]

    /// The round is complete when every sampled case has a review and every dispute is settled.
    public var isComplete: Bool {
        let reviewed = Set(reviews.map(\.caseID))
        return cases.allSatisfy { reviewed.contains($0.caseID) } && reviews.allSatisfy { $0.dispute?.settled ?? true }
    }

    /// The moderator entry for `person`, if they moderate this sample.
    public func moderator(_ person: PersonID) -> Moderator? {
        moderators.first { $0.personID == person }
    }
}

public enum ModerationRepository {
    /// A dispute's state, as the schema's CHECK names it.
    enum DisputeState: String, CaseIterable, PQEncodable, PQDecodable {
        case open
        case settled
    }

    /// Decided cases (PASS or FAIL now on record) signed in the period, as sampling sees them.
    public static func decidedCases(
        from: CalendarDay, to: CalendarDay, organisation: OrganisationID, on connection: PQConnection
    ) throws -> [(caseID: PanelCaseID, sample: ModerationSample.Case)] {
        try connection.query("""
            SELECT c.id, c.enrolment_id, coalesce(k.outcome, d.outcome), v.borderline, v.grade
              FROM panel_decisions d
              JOIN decision_signatures s ON s.decision_id = d.id
              JOIN panel_cases c ON c.id = d.case_id
              JOIN recommendation_versions v ON v.recommendation_id = d.recommendation_id AND v.number = d.recommendation_version
              LEFT JOIN LATERAL (SELECT outcome FROM decision_corrections WHERE decision_id = d.id ORDER BY corrected_at DESC, id LIMIT 1) k ON true
             WHERE d.organisation_id = \(organisation) AND s.signed_on BETWEEN \(from) AND \(to)
            """).compactMap { row in
            let outcome: String = try row.decode(at: 2)
            guard let recommended = RecommendedOutcome(rawValue: outcome) else { return nil } // DEFER is not a judgement yet
            return (try row.decode(at: 0), ModerationSample.Case(id: try row.decode(at: 1), outcome: recommended, borderline: try row.decode(at: 3), grade: try row.decode(at: 4)))
        }
    }

    public static func insert(
        id: UUID, from: CalendarDay, to: CalendarDay, seed: Int64, share: Double, cases: [(PanelCaseID, String)], moderators: [ModerationSampleRecord.Moderator],
        replacing: (sample: UUID, reason: String)? = nil, organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws {
        try connection.query("""
            INSERT INTO moderation_samples (id, organisation_id, decided_from, decided_to, seed, share, drawn_by, replaces, redraw_reason)
            VALUES (\(id), \(organisation), \(from), \(to), \(seed), \(share), \(actor.personID), \(replacing?.sample), \(replacing?.reason))
            """)
        for (index, (caseID, reason)) in cases.enumerated() {
            try connection.query("""
                INSERT INTO moderation_sample_cases (sample_id, organisation_id, case_id, case_number, reason)
                VALUES (\(id), \(organisation), \(caseID), \(index + 1), \(reason))
                """)
        }
        for moderator in moderators {
            try connection.query("""
                INSERT INTO sample_moderators (sample_id, organisation_id, person_id, external)
                VALUES (\(id), \(organisation), \(moderator.personID), \(moderator.external))
                """)
        }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .moderation, entityID: id,
            action: replacing == nil ? "moderation.sample_drawn" : "moderation.sample_redrawn", reason: replacing?.reason,
            changes: [FieldChange(field: "replaces", before: nil, after: replacing?.sample.uuidString.lowercased()),FieldChange(field: "seed", before: nil, after: String(seed)), FieldChange(field: "cases", before: nil, after: String(cases.count)),
                      FieldChange(field: "moderators", before: nil, after: moderators.map { $0.personID.description + ($0.external ? " (external)" : "") }.joined(separator: " "))],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// One sample in the organisation, if it is there.
    public static func find(_ id: UUID, organisation: OrganisationID, on connection: PQConnection) throws -> ModerationSampleRecord? {
        try samples(in: organisation, id: id, on: connection).first
    }

    /// The organisation's samples, or only those `moderator` is assigned to.
    public static func samples(in organisation: OrganisationID, moderator: PersonID? = nil, id: UUID? = nil, on connection: PQConnection) throws -> [ModerationSampleRecord] {
        let rows = try connection.query("""
            SELECT id, decided_from, decided_to, seed, share, drawn_by, drawn_at, replaces, redraw_reason FROM moderation_samples
             WHERE organisation_id = \(organisation)
               AND (\(moderator) IS NULL OR id IN (SELECT sample_id FROM sample_moderators WHERE person_id = \(moderator)))
               AND (\(id) IS NULL OR id = \(id))
             ORDER BY drawn_at DESC, id
            """)
        let ids: [UUID] = try rows.map { try $0.decode(at: 0) }
        guard !ids.isEmpty else { return [] }
        let results = try connection.pipeline([
            "SELECT sample_id, case_id, case_number, reason FROM moderation_sample_cases WHERE sample_id = ANY(\(ids)) ORDER BY case_number",
            "SELECT sample_id, person_id, external FROM sample_moderators WHERE sample_id = ANY(\(ids)) ORDER BY person_id",
            """
            SELECT r.sample_id, r.id, r.case_id, r.moderator_id, r.verdict, r.comments, r.recorded_at,
                   d.id, d.state, d.resolution, d.settled_by, d.settled_on, d.version, d.cited_evidence, d.cited_reviews, d.refers_to_panel
              FROM moderation_reviews r LEFT JOIN moderation_disputes d ON d.review_id = r.id
             WHERE r.sample_id = ANY(\(ids)) ORDER BY r.recorded_at, r.id
            """,
        ]).map { try $0.get() }
        var cases: [UUID: [ModerationSampleRecord.SampledCase]] = [:]
        for row in results[0] {
            cases[try row.decode(at: 0), default: []].append(.init(caseID: try row.decode(at: 1), number: try row.decode(at: 2), reason: try row.decode(at: 3)))
        }
        var moderators: [UUID: [ModerationSampleRecord.Moderator]] = [:]
        for row in results[1] {
            moderators[try row.decode(at: 0), default: []].append(.init(personID: try row.decode(at: 1), external: try row.decode(at: 2)))
        }
        var reviews: [UUID: [ModerationSampleRecord.Review]] = [:]
        for row in results[2] {
            guard let verdict = ModerationReview.Verdict(rawValue: try row.decode(at: 4)) else { throw PQError.decoding("verdict") }
            let comments = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(PQJSON.self, at: 5).text.utf8))
            var dispute: ModerationSampleRecord.Dispute?
            if let disputeID = try row.decode(UUID?.self, at: 7) {
                dispute = .init(id: disputeID, settled: try row.decode(DisputeState.self, at: 8) == .settled, resolution: try row.decode(at: 9),
                                settledBy: try row.decode(at: 10), settledOn: try row.decode(at: 11), version: try row.decode(at: 12),
                                citedEvidence: try row.decode(at: 13), citedReviews: try row.decode(at: 14), refersToPanel: try row.decode(at: 15))
            }
            reviews[try row.decode(at: 0), default: []].append(.init(
                id: try row.decode(at: 1), caseID: try row.decode(at: 2), moderatorID: try row.decode(at: 3), verdict: verdict, comments: comments,
                recordedAt: try row.decode(at: 6), dispute: dispute))
        }
        return try rows.map { row in
            let id: UUID = try row.decode(at: 0)
            return ModerationSampleRecord(
                id: id, decidedFrom: try row.decode(at: 1), decidedTo: try row.decode(at: 2), seed: try row.decode(at: 3), share: try row.decode(at: 4),
                drawnBy: try row.decode(at: 5), drawnAt: try row.decode(at: 6), replaces: try row.decode(at: 7), redrawReason: try row.decode(at: 8),
                cases: cases[id] ?? [], moderators: moderators[id] ?? [], reviews: reviews[id] ?? [])
        }
    }

    /// Records a moderator's review; a disagreement opens a dispute in the same transaction.
    public static func insertReview(
        _ review: ModerationReview, sample: UUID, case caseID: PanelCaseID, moderator: PersonID, external: Bool,
        organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws -> UUID {
        let id = UUID()
        let comments = Dictionary(uniqueKeysWithValues: review.comments.map { ($0.key.rawValue, $0.value) })
        let json = PQJSON(text: String(decoding: try JSONEncoder().encode(comments), as: UTF8.self))
        try connection.query("""
            INSERT INTO moderation_reviews (id, organisation_id, sample_id, case_id, moderator_id, verdict, comments)
            VALUES (\(id), \(organisation), \(sample), \(caseID), \(moderator), \(review.verdict.rawValue), \(json))
            """)
        if review.opensDispute {
            try connection.query("INSERT INTO moderation_disputes (id, organisation_id, review_id, state) VALUES (\(UUID()), \(organisation), \(id), 'open')")
        }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .moderation, entityID: sample,
            action: review.opensDispute ? "moderation.disagreed" : "moderation.agreed",
            changes: [FieldChange(field: "case", before: nil, after: caseID.description), FieldChange(field: "verdict", before: nil, after: review.verdict.rawValue),
                      FieldChange(field: "external", before: nil, after: external ? "yes" : "no")],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return id
    }

    /// Settles an open dispute if it is still at `expectedVersion`.
    public static func settle(
        dispute: UUID, sample: UUID, resolution: String, citing evidence: [UUID], reviews: [UUID], refersToPanel: Bool, on day: CalendarDay,
        expectedVersion: Int, organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws -> Bool {
        let result = try connection.query("""
            UPDATE moderation_disputes SET state = 'settled', resolution = \(resolution), settled_by = \(actor.personID), settled_on = \(day),
                   cited_evidence = \(evidence), cited_reviews = \(reviews), refers_to_panel = \(refersToPanel), version = version + 1
             WHERE id = \(dispute) AND organisation_id = \(organisation) AND state = 'open' AND version = \(expectedVersion)
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .moderation, entityID: sample,
            action: "moderation.dispute_settled", reason: resolution,
            changes: [FieldChange(field: "dispute", before: "open", after: "settled"),
                      FieldChange(field: "cited", before: nil, after: (evidence + reviews).map { $0.uuidString.lowercased() }.joined(separator: " ")),
                      FieldChange(field: "refers_to_panel", before: nil, after: refersToPanel ? "yes" : "no")],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }
}
