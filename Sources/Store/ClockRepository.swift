public import Domain
public import PQ

/// Absences and extensions: what moves an enrolment's review dates.
public enum ClockRepository {
    /// The enrolment's clock with its recorded absences and extensions (one round trip).
    public static func clock(for enrolment: Enrolment, on connection: PQConnection) throws -> YearClock {
        let results = try connection.pipeline(queries(of: enrolment.id))
        return try clock(for: enrolment, absences: results[0].get(), extensions: results[1].get(), policy: results[2].get())
    }

    /// The three statements that read what moves the year's dates (absences,
    /// extensions, the organisation's year policy), to pipeline with others;
    /// row-level security keeps them to the caller's organisation.
    public static func queries(of enrolment: EnrolmentID) -> [PQQuery] {
        [
            "SELECT starts_on, ends_on, kind, reason FROM enrolment_absences WHERE enrolment_id = \(enrolment) ORDER BY starts_on",
            "SELECT days, agreed_on, category, reason FROM enrolment_extensions WHERE enrolment_id = \(enrolment) ORDER BY agreed_on",
            PolicyRepository.yearQuery(for: enrolment),
        ]
    }

    /// The clock from the rows of ``queries(of:)``.
    public static func clock(for enrolment: Enrolment, absences: PQResult, extensions: PQResult, policy: PQResult) throws -> YearClock {
        YearClock(
            start: enrolment.startDate, fte: enrolment.fte,
            absences: try absences.map { row in
                Absence(start: try row.decode(at: 0), end: try row.decode(at: 1), kind: try row.decode(at: 2), reason: try row.decode(at: 3))
            },
            extensions: try extensions.map { row in
                Extension(days: try row.decode(at: 0), agreedOn: try row.decode(at: 1), category: try row.decode(at: 2), reason: try row.decode(at: 3))
            },
            policy: try PolicyRepository.year(from: policy))
    }

    /// Every recorded absence in the organisation, by enrolment (the compliance report's pauses).
    public static func absences(in organisation: OrganisationID, on connection: PQConnection) throws -> [EnrolmentID: [Absence]] {
        var byEnrolment: [EnrolmentID: [Absence]] = [:]
        for row in try connection.query("""
            SELECT enrolment_id, starts_on, ends_on, kind, reason FROM enrolment_absences WHERE organisation_id = \(organisation) ORDER BY starts_on
            """) {
            byEnrolment[try row.decode(at: 0), default: []].append(
                Absence(start: try row.decode(at: 1), end: try row.decode(at: 2), kind: try row.decode(at: 3), reason: try row.decode(at: 4)))
        }
        return byEnrolment
    }

    /// Records an absence; it pushes later reviews out.
    public static func addAbsence(_ absence: Absence, to enrolment: Enrolment, actor: Actor, on connection: PQConnection) throws -> UUIDValue {
        let id = UUIDValue.random()
        try connection.query("""
            INSERT INTO enrolment_absences (id, organisation_id, enrolment_id, kind, starts_on, ends_on, reason, recorded_by)
            VALUES (\(id), \(enrolment.organisationID), \(enrolment.id), \(absence.kind.rawValue), \(absence.start), \(absence.end),
                    \(absence.reason), \(actor.personID))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: enrolment.organisationID, actorID: actor.personID, actorRole: actor.role, entityType: .enrolment,
            entityID: enrolment.id.uuid, action: "enrolment.absence_recorded", reason: absence.reason,
            changes: [FieldChange(field: "absence", before: nil, after: "\(absence.kind.rawValue) \(absence.start)–\(absence.end)")],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return id
    }

    /// Records an agreed extension.
    public static func addExtension(_ extension_: Extension, to enrolment: Enrolment, actor: Actor, on connection: PQConnection) throws -> UUIDValue {
        let id = UUIDValue.random()
        try connection.query("""
            INSERT INTO enrolment_extensions (id, organisation_id, enrolment_id, days, agreed_on, category, reason, recorded_by)
            VALUES (\(id), \(enrolment.organisationID), \(enrolment.id), \(extension_.days), \(extension_.agreedOn), \(extension_.category.rawValue),
                    \(extension_.reason), \(actor.personID))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: enrolment.organisationID, actorID: actor.personID, actorRole: actor.role, entityType: .enrolment,
            entityID: enrolment.id.uuid, action: "enrolment.extended", reason: extension_.reason,
            changes: [FieldChange(field: "extensionDays", before: nil, after: String(extension_.days)),
                      FieldChange(field: "extensionCategory", before: nil, after: extension_.category.rawValue)], requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return id
    }
}

public enum RecordTag {}
/// The id of a small record (an absence, an extension).
public typealias UUIDValue = Identifier<RecordTag>
