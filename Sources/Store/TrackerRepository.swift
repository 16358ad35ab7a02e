public import Domain
public import PQ

/// Ticked tracker lines.
public enum TrackerRepository {
    public static func checklist(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [Tracker.ChecklistItem: CalendarDay] {
        var result: [Tracker.ChecklistItem: CalendarDay] = [:]
        for row in try connection.query("""
            SELECT item, completed_on FROM tracker_checklist WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation)
            """) {
            result[try row.decode(Tracker.ChecklistItem.self, at: 0)] = try row.decode(at: 1)
        }
        return result
    }

    /// Ticks a line once; `false` if it was already ticked (the first date stands).
    public static func tick(_ item: Tracker.ChecklistItem, on day: CalendarDay, enrolment: Enrolment, actor: Actor, on connection: PQConnection) throws -> Bool {
        let result = try connection.query("""
            INSERT INTO tracker_checklist (enrolment_id, organisation_id, item, completed_on, recorded_by)
            VALUES (\(enrolment.id), \(enrolment.organisationID), \(item.rawValue), \(day), \(actor.personID))
            ON CONFLICT (enrolment_id, item) DO NOTHING
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: enrolment.organisationID, actorID: actor.personID, actorRole: actor.role, entityType: .enrolment,
            entityID: enrolment.id.uuid, action: "tracker.ticked",
            changes: [FieldChange(field: item.rawValue, before: nil, after: day.description)], requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }
}

extension TrackerRepository {
    /// A year's tracker as of a date, built from the record (so it cannot drift)
    /// and the lines people tick.
    public static func tracker(for record: EnrolmentRecord, asOf: CalendarDay, on connection: PQConnection) throws -> Tracker {
        let enrolment = record.enrolment
        let clock = try ClockRepository.clock(for: enrolment, on: connection)
        return Tracker.build(
            schedule: clock.schedule(asOf: asOf),
            reviews: try ReviewRepository.reviews(of: enrolment.id, organisation: enrolment.organisationID, on: connection),
            evidence: try EvidenceRepository.items(of: enrolment.id, organisation: enrolment.organisationID, on: connection),
            checklist: try checklist(of: enrolment.id, organisation: enrolment.organisationID, on: connection),
            planState: try SupportPlanRepository.plans(of: enrolment.id, organisation: enrolment.organisationID, on: connection).last?.machine.state,
            hearings: try PanelCaseRepository.hearings(of: enrolment.id, organisation: enrolment.organisationID, on: connection),
            asOf: asOf)
    }
}
