public import Domain
internal import Store

/// The supervisor (or a coordinator) records when the NQSW was given their
/// copy of a held session's record (policy: within 3 working days).
public struct RecordSupervisionCopy: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var session: SupervisionID
    public var expectedVersion: Int?
    /// Nil means today.
    public var givenOn: CalendarDay?

    public init(_ enrolment: EnrolmentID, _ session: SupervisionID, expectedVersion: Int?, givenOn: CalendarDay?) {
        self.enrolment = enrolment
        self.session = session
        self.expectedVersion = expectedVersion
        self.givenOn = givenOn
    }

    public func run(in context: UseCaseContext) throws -> SupervisionSession {
        try context.updateHeldSession(enrolment, session, expectedVersion: expectedVersion, action: "supervision.copy_given") { record, current in
            try Refusal.require(SupervisionAccess.canRecordCopy(context.caller, record.enrolment, supervisor: current.supervisorID),
                                "The supervisor records when the NQSW was given their copy.")
            guard current.copyGivenOn == nil else { throw Refusal.conflict("The copy is already recorded.", kind: "already-recorded") }
            let day = givenOn ?? context.today
            if day < current.scheduledFor || day > context.today {
                throw ValidationFailure(field: "givenOn", message: "Between the session (\(current.scheduledFor)) and today.")
            }
            return (signed: nil, copied: day)
        }
    }
}
