public import Domain
internal import Store

/// The person who raised a concern, or a coordinator, records that it was
/// shared with the NQSW. Happens once.
public struct ShareConcern: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var concern: ConcernID
    /// When it was shared, if before today.
    public var occurredOn: CalendarDay?

    public init(_ enrolment: EnrolmentID, _ concern: ConcernID, occurredOn: CalendarDay? = nil) {
        self.enrolment = enrolment
        self.concern = concern
        self.occurredOn = occurredOn
    }

    public func run(in context: UseCaseContext) throws -> ConcernStatus {
        try context.recordConcernStep(enrolment, concern) { record, current in
            try Refusal.require(ConcernAccess.canManage(context.caller, record.enrolment, raisedBy: current.raisedBy),
                                "The person who raised the concern, or a coordinator, records sharing it.")
            return .shared(try OccurredOn.resolve(occurredOn, today: context.today, earliest: current.raisedOn, after: "the concern was raised"))
        }
    }
}

/// The NQSW responds to a concern shared with them. Happens once.
public struct RespondToConcern: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var concern: ConcernID
    public var text: String
    public var occurredOn: CalendarDay?

    public init(_ enrolment: EnrolmentID, _ concern: ConcernID, text: String, occurredOn: CalendarDay? = nil) {
        self.enrolment = enrolment
        self.concern = concern
        self.text = text
        self.occurredOn = occurredOn
    }

    public func run(in context: UseCaseContext) throws -> ConcernStatus {
        try context.recordConcernStep(enrolment, concern) { record, current in
            try Refusal.require(EnrolmentAccess.reviewSigner(context.caller, record.enrolment) == .nqsw, "The NQSW responds to a concern about them.")
            guard let sharedOn = current.sharedOn else { throw Refusal.conflict("The concern has not been shared yet.", kind: "concern-not-shared") }
            return .response(text, try OccurredOn.resolve(occurredOn, today: context.today, earliest: sharedOn, after: "the concern was shared"))
        }
    }
}

/// The person who raised a concern, or a coordinator, records its outcome,
/// which closes it. Happens once.
public struct RecordConcernOutcome: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var concern: ConcernID
    public var text: String
    public var occurredOn: CalendarDay?

    public init(_ enrolment: EnrolmentID, _ concern: ConcernID, text: String, occurredOn: CalendarDay? = nil) {
        self.enrolment = enrolment
        self.concern = concern
        self.text = text
        self.occurredOn = occurredOn
    }

    public func run(in context: UseCaseContext) throws -> ConcernStatus {
        try context.recordConcernStep(enrolment, concern) { record, current in
            try Refusal.require(ConcernAccess.canManage(context.caller, record.enrolment, raisedBy: current.raisedBy),
                                "The person who raised the concern, or a coordinator, records its outcome.")
            return .outcome(text, try OccurredOn.resolve(occurredOn, today: context.today, earliest: current.raisedOn, after: "the concern was raised"))
        }
    }
}

extension UseCaseContext {
    /// The shared shape of a concern's one-time steps: each happens once (409 after).
    func recordConcernStep(
        _ enrolment: EnrolmentID, _ concernID: ConcernID, _ decide: (EnrolmentRecord, Concern) throws -> ConcernRepository.Step
    ) throws -> ConcernStatus {
        let (record, concern) = try visibleConcern(enrolment, concernID)
        let step = try decide(record, concern)
        guard try ConcernRepository.record(step, on: concernID, organisation: organisation, actor: actor(on: record.enrolment), on: connection) else {
            throw Refusal.conflict("That has already been recorded for this concern.", kind: "already-recorded")
        }
        guard let updated = try ConcernRepository.find(concernID, enrolment: enrolment, organisation: organisation, on: connection) else {
            throw Refusal.notFound("concern")
        }
        return ConcernStatus(updated, calendar: try SupervisionRepository.calendar(on: connection), asOf: today)
    }
}
