public import Domain
public import PQ

/// The assessor's reconciliations of below-level judgements with later evidence.
public enum ReconciliationRepository {
    /// A year's reconciliations, oldest first.
    public static func all(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [JudgementReconciliation] {
        try connection.query("""
            SELECT id, code, below_evidence_id, later_evidence_ids, note, recorded_by, recorded_on
              FROM judgement_reconciliations WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation)
             ORDER BY recorded_on, created_at
            """).map(SufficiencyInputsRepository.reconciliation)
    }

    /// Stores a reconciliation (already checked against the portfolio) and
    /// records it on the enrolment's trail and the reconciliation's own.
    /// `false` when the statement and item were already reconciled.
    public static func insert(_ reconciliation: JudgementReconciliation, enrolment: EnrolmentID, organisation: OrganisationID, actor: Actor,
                              on connection: PQConnection) throws -> Bool {
        let result = try connection.query("""
            INSERT INTO judgement_reconciliations (id, organisation_id, enrolment_id, code, below_evidence_id, later_evidence_ids, note, recorded_by, recorded_on)
            VALUES (\(reconciliation.id), \(organisation), \(enrolment), \(reconciliation.statement), \(reconciliation.belowItem),
                    \(reconciliation.laterItems), \(reconciliation.note), \(reconciliation.recordedBy), \(reconciliation.recordedOn))
            ON CONFLICT (enrolment_id, code, below_evidence_id) DO NOTHING
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .reconciliation,
            entityID: reconciliation.id, action: "reconciliation.recorded", reason: reconciliation.note,
            changes: [FieldChange(field: "enrolmentId", before: nil, after: enrolment.description),
                      FieldChange(field: "statement", before: nil, after: reconciliation.statement),
                      FieldChange(field: "belowEvidenceId", before: nil, after: reconciliation.belowItem.description),
                      FieldChange(field: "laterEvidenceIds", before: nil, after: reconciliation.laterItems.map(\.description).joined(separator: ","))],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }
}
