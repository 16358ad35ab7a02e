public import Domain
internal import Store

/// The supervisor, the NQSW, their assessor or line manager, or a coordinator
/// adds a note to a held session's signed record. The record is never edited:
/// the addendum stands beside it with who wrote it and when, and is audited.
public struct AddSupervisionAddendum: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var session: SupervisionID
    public var expectedVersion: Int?
    public var text: String

    public init(_ enrolment: EnrolmentID, _ session: SupervisionID, expectedVersion: Int?, text: String) {
        self.enrolment = enrolment
        self.session = session
        self.expectedVersion = expectedVersion
        self.text = text
    }

    public func run(in context: UseCaseContext) throws -> SupervisionSession {
        let (record, current) = try context.visibleSession(enrolment, session)
        try Refusal.require(SupervisionAccess.canAddAddendum(context.caller, record.enrolment),
                            "An addendum is added by the NQSW, their supervisor, assessor or line manager, or a coordinator.")
        guard current.wasHeld else { throw Refusal.conflict("A cancelled session has no record to add to.", kind: "session-cancelled") }
        try Refusal.requireVersion(expectedVersion, current: current.version)
        if text.trimmingWhitespace().isEmpty { throw ValidationFailure(field: "text", message: "Write the addendum.") }
        try SupervisionRepository.addAddendum(SupervisionAddendum(text: text, addedBy: context.caller.personID, addedOn: context.today), to: session,
                                              organisation: context.organisation, actor: context.actor(on: record.enrolment), on: context.connection)
        return try context.visibleSession(enrolment, session).1
    }
}
