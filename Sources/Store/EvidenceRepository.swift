public import Domain
public import PQ
internal import Foundation

/// Evidence items, their framework mappings, judgements and verification.
public enum EvidenceRepository {
    /// Every item of an enrolment with its mappings and judgements, by practice date.
    /// Three statements, one round trip (pipeline); mappings and judgements come
    /// by one join each rather than a subquery per item.
    public static func items(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [EvidenceItem] {
        try items(from: connection.pipeline([
            "SELECT \(itemColumns) FROM evidence_items i WHERE i.enrolment_id = \(enrolment) AND i.organisation_id = \(organisation) ORDER BY i.practice_date, i.created_at, i.id",
            """
            SELECT m.evidence_id, m.code
              FROM evidence_mappings m JOIN evidence_items i ON i.id = m.evidence_id
             WHERE i.enrolment_id = \(enrolment) AND i.organisation_id = \(organisation)
             ORDER BY m.evidence_id, m.code
            """,
            """
            SELECT \(judgementColumns)
              FROM evidence_judgements j JOIN evidence_items i ON i.id = j.evidence_id
             WHERE i.enrolment_id = \(enrolment) AND i.organisation_id = \(organisation)
             ORDER BY j.id
            """,
        ]))
    }

    /// How many items the year holds and how many its organisation's year
    /// policy allows, in one round trip (adding evidence is a hot write).
    public static func heldAndCap(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> (held: Int, cap: Int) {
        let results = try connection.pipeline([
            "SELECT count(*)::int8 FROM evidence_items WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation)",
            PolicyRepository.yearQuery(for: enrolment),
        ])
        return (try results[0].get()[0].decode(at: 0), try PolicyRepository.year(from: results[1].get()).evidenceCap)
    }

    /// One page of the year's items in portfolio order (practice date, then
    /// when added), after the item `after`: `limit` of them and whether more follow.
    public static func page(of enrolment: EnrolmentID, after: EvidenceID?, limit: Int, organisation: OrganisationID,
                            on connection: PQConnection) throws -> (items: [EvidenceItem], more: Bool) {
        let ids: [EvidenceID] = try connection.query("""
            SELECT i.id FROM evidence_items i
             WHERE i.enrolment_id = \(enrolment) AND i.organisation_id = \(organisation)
               AND (\(after)::uuid IS NULL OR (i.practice_date, i.created_at, i.id) >
                    (SELECT a.practice_date, a.created_at, a.id FROM evidence_items a WHERE a.id = \(after) AND a.enrolment_id = \(enrolment)))
             ORDER BY i.practice_date, i.created_at, i.id LIMIT \(limit + 1)
            """).map { try $0.decode(at: 0) }
        let shown = Array(ids.prefix(limit))
        guard !shown.isEmpty else { return ([], false) }
        let items = try items(from: connection.pipeline([
            "SELECT \(itemColumns) FROM evidence_items i WHERE i.id = ANY(\(shown)) ORDER BY i.practice_date, i.created_at, i.id",
            "SELECT m.evidence_id, m.code FROM evidence_mappings m WHERE m.evidence_id = ANY(\(shown)) ORDER BY m.evidence_id, m.code",
            "SELECT \(judgementColumns) FROM evidence_judgements j WHERE j.evidence_id = ANY(\(shown)) ORDER BY j.id",
        ]))
        return (items, ids.count > limit)
    }

    /// One item of an enrolment, if it is there.
    public static func find(_ id: EvidenceID, enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> EvidenceItem? {
        try items(from: connection.pipeline([
            "SELECT \(itemColumns) FROM evidence_items i WHERE i.id = \(id) AND i.enrolment_id = \(enrolment) AND i.organisation_id = \(organisation)",
            "SELECT m.evidence_id, m.code FROM evidence_mappings m WHERE m.evidence_id = \(id) AND m.organisation_id = \(organisation) ORDER BY m.code",
            "SELECT \(judgementColumns) FROM evidence_judgements j WHERE j.evidence_id = \(id) AND j.organisation_id = \(organisation) ORDER BY j.id",
        ])).first
    }

    static let itemColumns: PQFragment = """
        i.id, i.enrolment_id, i.kind, i.practice_date, i.added_on, i.author_id, i.description, i.file_name, i.file_media_type,
        i.file_size_bytes, i.file_sha256, i.verified_by, i.verified_on, i.ai_use_suspected, i.version
        """
    static let judgementColumns: PQFragment = "j.evidence_id, j.judge_id, j.level, j.feedback, j.recorded_on, j.is_resolution, j.grade"

    /// The three statements that read a year's items, mappings and
    /// judgements, to pipeline with others; row-level security keeps them to
    /// the caller's organisation. Read back with ``items(items:mappings:judgements:)``.
    public static func itemQueries(of enrolment: EnrolmentID) -> [PQQuery] {
        [
            "SELECT \(itemColumns) FROM evidence_items i WHERE i.enrolment_id = \(enrolment) ORDER BY i.practice_date, i.created_at, i.id",
            """
            SELECT m.evidence_id, m.code
              FROM evidence_mappings m JOIN evidence_items i ON i.id = m.evidence_id
             WHERE i.enrolment_id = \(enrolment)
             ORDER BY m.evidence_id, m.code
            """,
            """
            SELECT \(judgementColumns)
              FROM evidence_judgements j JOIN evidence_items i ON i.id = j.evidence_id
             WHERE i.enrolment_id = \(enrolment)
             ORDER BY j.id
            """,
        ]
    }

    /// Items from the three statements' results: items, their mappings, their judgements.
    private static func items(from results: [Result<PQResult, PQError>]) throws -> [EvidenceItem] {
        try items(items: results[0].get(), mappings: results[1].get(), judgements: results[2].get())
    }

    /// Items from the rows of ``itemQueries(of:)`` (or the same columns).
    public static func items(items: PQResult, mappings: PQResult, judgements judgementRows: PQResult) throws -> [EvidenceItem] {
        var codes: [EvidenceID: [String]] = [:]
        for row in mappings {
            codes[try row.decode(at: 0), default: []].append(try row.decode(at: 1))
        }
        var judgements: [EvidenceID: [Judgement]] = [:]
        for row in judgementRows {
            judgements[try row.decode(at: 0), default: []].append(Judgement(
                judgeID: try row.decode(at: 1), level: try row.decode(at: 2),
                feedback: try row.decode(at: 3), recordedOn: try row.decode(at: 4), isResolution: try row.decode(at: 5), grade: try row.decode(at: 6)))
        }
        return try items.map { row in
            let id: EvidenceID = try row.decode(at: 0)
            let fileName: String? = try row.decode(at: 7)
            let verifier: PersonID? = try row.decode(at: 11)
            let verifiedOn: CalendarDay? = try row.decode(at: 12)
            return EvidenceItem(
                id: id, enrolmentID: try row.decode(at: 1), kind: try row.decode(at: 2),
                practiceDate: try row.decode(at: 3), addedOn: try row.decode(at: 4), authorID: try row.decode(at: 5),
                description: try row.decode(at: 6),
                file: try fileName.map { FileReference(name: $0, mediaType: try row.decode(at: 8), sizeBytes: try row.decode(at: 9), sha256: try row.decode(at: 10)) },
                statements: codes[id] ?? [], judgements: judgements[id] ?? [],
                verification: verifier.flatMap { person in verifiedOn.map { Verification(verifierID: person, verifiedOn: $0) } },
                aiUseSuspected: try row.decode(at: 13), version: try row.decode(at: 14))
        }
    }

    /// Stores a new item with its mappings (already checked against the pinned frameworks).
    public static func insert(_ item: EvidenceItem, organisation: OrganisationID, frameworks: PinnedFrameworks, actor: Actor, on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO evidence_items (id, organisation_id, enrolment_id, kind, practice_date, added_on, author_id, description,
                                        file_name, file_media_type, file_size_bytes, file_sha256)
            VALUES (\(item.id), \(organisation), \(item.enrolmentID), \(item.kind.rawValue), \(item.practiceDate), \(item.addedOn),
                    \(item.authorID), \(item.description), \(item.file?.name), \(item.file?.mediaType), \(item.file?.sizeBytes), \(item.file?.sha256))
            """)
        for code in item.statements {
            let framework = frameworks.kss.statement(code) != nil ? frameworks.kss.id : frameworks.pcf.id
            try connection.query("""
                INSERT INTO evidence_mappings (evidence_id, organisation_id, framework_id, code)
                VALUES (\(item.id), \(organisation), \(framework), \(code))
                """)
        }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .evidence,
            entityID: item.id.uuid, action: "evidence.added",
            changes: [FieldChange(field: "kind", before: nil, after: item.kind.rawValue),
                      FieldChange(field: "practiceDate", before: nil, after: item.practiceDate.description),
                      FieldChange(field: "statements", before: nil, after: item.statements.joined(separator: ","))],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// Appends a judgement (and a suspicion of AI use, if raised) and bumps the item's version.
    public static func addJudgement(
        _ judgement: Judgement, to item: EvidenceID, organisation: OrganisationID, aiUseSuspected: Bool?, actor: Actor,
        on connection: PQConnection
    ) throws {
        try connection.query("""
            INSERT INTO evidence_judgements (evidence_id, organisation_id, judge_id, level, feedback, recorded_on, is_resolution, grade)
            VALUES (\(item), \(organisation), \(judgement.judgeID), \(judgement.level.rawValue), \(judgement.feedback),
                    \(judgement.recordedOn), \(judgement.isResolution), \(judgement.grade))
            """)
        try connection.query("""
            UPDATE evidence_items SET version = version + 1, ai_use_suspected = coalesce(\(aiUseSuspected), ai_use_suspected)
             WHERE id = \(item) AND organisation_id = \(organisation)
            """)
        var changes = [FieldChange(field: "level", before: nil, after: judgement.level.rawValue)]
        if judgement.isResolution { changes.append(FieldChange(field: "resolution", before: nil, after: "true")) }
        if let grade = judgement.grade { changes.append(FieldChange(field: "grade", before: nil, after: String(grade))) }
        if let aiUseSuspected { changes.append(FieldChange(field: "aiUseSuspected", before: nil, after: String(aiUseSuspected))) }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .evidence,
            entityID: item.uuid, action: "evidence.judged", changes: changes, requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// Records verification against the source; `false` if it was already verified (one verification stands).
    public static func verify(_ item: EvidenceID, organisation: OrganisationID, by verifier: PersonID, on day: CalendarDay, actor: Actor, on connection: PQConnection) throws -> Bool {
        let result = try connection.query("""
            UPDATE evidence_items SET verified_by = \(verifier), verified_on = \(day), version = version + 1
             WHERE id = \(item) AND organisation_id = \(organisation) AND verified_by IS NULL
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .evidence,
            entityID: item.uuid, action: "evidence.verified",
            changes: [FieldChange(field: "verifiedOn", before: nil, after: day.description)], requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }
}
