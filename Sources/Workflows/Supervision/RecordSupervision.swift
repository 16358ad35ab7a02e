public import Domain
internal import Store

/// What happened to a scheduled session: held (how long, what was discussed,
/// what was agreed) or cancelled (why, and when it is rescheduled to).
public enum SupervisionHappening: Sendable, Hashable {
    case held(durationMinutes: Int, topics: String, agreedActions: String)
    case cancelled(reason: String, rescheduledTo: CalendarDay?)
}

/// The supervisor (the NQSW's line manager or assessor) or a coordinator
/// records a session; a held session is signed by its supervisor as recorded.
public struct RecordSupervision: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var scheduledFor: CalendarDay
    public var happening: SupervisionHappening

    public init(_ enrolment: EnrolmentID, scheduledFor: CalendarDay, happening: SupervisionHappening) {
        self.enrolment = enrolment
        self.scheduledFor = scheduledFor
        self.happening = happening
    }

    public func run(in context: UseCaseContext) throws -> SupervisionSession {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(SupervisionAccess.canRecord(context.caller, record.enrolment),
                            "Supervision is recorded by the supervisor: the NQSW's line manager or assessor, or a coordinator.")
        if scheduledFor < record.enrolment.startDate || scheduledFor > context.today {
            throw ValidationFailure(field: "scheduledFor", message: "Within the year so far (\(record.enrolment.startDate) to \(context.today)).")
        }
        let outcome: SupervisionSession.Outcome
        let signedOn: CalendarDay?
        switch happening {
        case .held(let minutes, let topics, let actions):
            outcome = .held(durationMinutes: minutes, topics: topics, agreedActions: actions)
            signedOn = context.today
        case .cancelled(let reason, let rescheduledTo):
            outcome = .cancelled(reason: reason, rescheduledTo: rescheduledTo, reportedOn: nil)
            signedOn = nil
        }
        let session = SupervisionSession(
            id: .random(), enrolmentID: enrolment, supervisorID: context.caller.personID, scheduledFor: scheduledFor,
            outcome: outcome, supervisorSignedOn: signedOn)
        let role = EnrolmentAccess.reviewSigner(context.caller, record.enrolment)?.rawValue ?? Role.coordinator.rawValue
        try SupervisionRepository.insert(session, organisation: context.organisation, actor: context.actor(named: role), on: context.connection)
        return session
    }
}
