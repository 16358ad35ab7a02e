public import Domain
public import PQ

/// Who supervises each NQSW, from which day.
public enum SupervisorAllocationRepository {
    /// An enrolment's allocations, oldest first. `lockingYear` takes the
    /// enrolment's row lock first, so two changes of supervisor take turns.
    public static func allocations(of enrolment: EnrolmentID, organisation: OrganisationID, lockingYear: Bool = false,
                                   on connection: PQConnection) throws -> [SupervisorAllocation] {
        if lockingYear {
            try connection.query("SELECT 1 FROM enrolments WHERE id = \(enrolment) AND organisation_id = \(organisation) FOR UPDATE")
        }
        return try connection.query("""
            SELECT relation, supervisor_id, from_on, reason, recorded_by FROM supervisor_allocations
             WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation) ORDER BY from_on
            """).map { row in
            SupervisorAllocation(relation: try row.decode(at: 0), supervisorID: try row.decode(at: 1), fromOn: try row.decode(at: 2),
                                 reason: try row.decode(at: 3), recordedBy: try row.decode(at: 4))
        }
    }

    /// Records a change of supervisor, audited on the enrolment.
    public static func insert(_ allocation: SupervisorAllocation, enrolment: EnrolmentID, previous: SupervisorAllocation.Relation,
                              organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO supervisor_allocations (organisation_id, enrolment_id, relation, supervisor_id, from_on, reason, recorded_by)
            VALUES (\(organisation), \(enrolment), \(allocation.relation), \(allocation.supervisorID), \(allocation.fromOn), \(allocation.reason),
                    \(actor.personID))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .enrolment, entityID: enrolment.uuid,
            action: "enrolment.supervisor_allocated", reason: allocation.reason,
            changes: [FieldChange(field: "supervisor", before: previous.rawValue, after: allocation.relation.rawValue),
                      FieldChange(field: "supervisorId", before: nil, after: allocation.supervisorID.description),
                      FieldChange(field: "fromOn", before: nil, after: allocation.fromOn.description)],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }
}
