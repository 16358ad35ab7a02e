internal import Foundation
public import Domain
public import Store

/// An escalation with what its dates mean today: when the PSW must
/// acknowledge it (2 working days) and whether that was, or is, late.
public struct EscalationStatus: Sendable {
    public var record: EscalationRecord
    public var acknowledgeDue: CalendarDay
    public var acknowledgementOverdue: Bool

    /// The referral pack as assembled when the concern was escalated.
    public var pack: ReferralPackDocument {
        get throws { try ReferralPackDocument.decode(record.pack) }
    }

    init(_ record: EscalationRecord, calendar: WorkingCalendar, asOf: CalendarDay) {
        self.record = record
        let due = calendar.adding(workingDays: Deadlines.acknowledgeEscalationWithinWorkingDays, to: record.escalatedOn)
        acknowledgeDue = due
        acknowledgementOverdue = record.acknowledgedOn.map { $0 > due } ?? (asOf > due)
    }
}

extension UseCaseContext {
    /// An escalation the caller may read (the PSW, coordinators, the NQSW's
    /// assessor and line manager now); 404 otherwise.
    func visibleEscalation(_ id: UUID) throws -> EscalationRecord {
        guard let record = try EscalationRepository.find(id, organisation: organisation, on: connection),
              try !readableEscalations([record]).isEmpty
        else { throw Refusal.notFound("escalation") }
        return record
    }

    /// The escalations among `records` the caller may read, judged on each
    /// NQSW's year as it is now.
    func readableEscalations(_ records: [EscalationRecord]) throws -> [EscalationRecord] {
        // The records are this organisation's; the PSW and coordinators read them all without a year's lookup.
        if EnrolmentAccess.readsEveryEscalation(caller) { return records }
        var years: [EnrolmentID: Enrolment] = [:]
        return try records.filter { record in
            if years[record.enrolmentID] == nil {
                years[record.enrolmentID] = try EnrolmentRepository.find(record.enrolmentID, in: organisation, on: connection)?.enrolment
            }
            return years[record.enrolmentID].map { EnrolmentAccess.canReadEscalation(caller, about: $0) } ?? false
        }
    }

    /// Every read of a fitness-to-practise record is itself recorded.
    func recordEscalationReads(_ ids: [UUID]) throws {
        try EscalationRepository.recordRead(ids, organisation: organisation, actor: actor(named: escalationReaderRole), on: connection)
    }

    /// The role an escalation's reader acts in.
    var escalationReaderRole: String {
        caller.holds(.psw) ? Role.psw.rawValue : caller.holds(.coordinator) ? Role.coordinator.rawValue : (caller.roles.min()?.rawValue ?? "person")
    }

    func escalationStatus(_ record: EscalationRecord) throws -> EscalationStatus {
        EscalationStatus(record, calendar: try SupervisionRepository.calendar(on: connection), asOf: today)
    }
}
