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
    public var kind: SupervisionSession.Kind
    /// Minutes after midnight.
    public var startsAt: Int?
    public var happening: SupervisionHappening
    /// Agreed actions with owners and dates (held sessions).
    public var actions: [AgreedAction]

    public init(_ enrolment: EnrolmentID, scheduledFor: CalendarDay, kind: SupervisionSession.Kind = .individual, startsAt: Int? = nil,
                happening: SupervisionHappening, actions: [AgreedAction] = []) {
        self.enrolment = enrolment
        self.scheduledFor = scheduledFor
        self.kind = kind
        self.startsAt = startsAt
        self.happening = happening
        self.actions = actions
    }

    public func run(in context: UseCaseContext) throws -> SupervisionSession {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(SupervisionAccess.canRecord(context.caller, record.enrolment),
                            "Supervision is recorded by the supervisor: the NQSW's line manager or assessor, or a coordinator.")
        if scheduledFor < record.enrolment.startDate || scheduledFor > context.today {
            throw ValidationFailure(field: "scheduledFor", message: "Within the year so far (\(record.enrolment.startDate) to \(context.today)).")
        }
        if case .cancelled = happening, !actions.isEmpty {
            throw ValidationFailure(field: "actions", message: "A cancelled session has no agreed actions.")
        }
        let enrolled = record.enrolment
        try AgreedAction.validate(actions, session: scheduledFor,
                                  people: [enrolled.nqswID, enrolled.assessorID, enrolled.lineManagerID, context.caller.personID])
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
        // A coordinator enters sessions for the supervisor allocated on the day; a supervisor records their own.
        let supervisor: PersonID
        if let own = EnrolmentAccess.reviewSigner(context.caller, enrolled), own == .assessor || own == .lineManager {
            supervisor = context.caller.personID
        } else {
            let allocations = try SupervisorAllocationRepository.allocations(of: enrolment, organisation: context.organisation, on: context.connection)
            supervisor = SupervisorAllocation.person(SupervisorAllocation.relation(on: scheduledFor, in: allocations), of: enrolled)
        }
        let session = SupervisionSession(
            id: .random(), enrolmentID: enrolment, supervisorID: supervisor, scheduledFor: scheduledFor,
            kind: kind, startsAt: startsAt, actions: actions, outcome: outcome, supervisorSignedOn: signedOn)
        let role = EnrolmentAccess.reviewSigner(context.caller, record.enrolment)?.rawValue ?? Role.coordinator.rawValue
        try SupervisionRepository.insert(session, organisation: context.organisation, actor: context.actor(named: role), on: context.connection)
        return session
    }
}
