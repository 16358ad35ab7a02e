public import Domain
internal import Store

/// The NQSW countersigns a held session's record.
public struct CountersignSupervision: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var session: SupervisionID
    public var expectedVersion: Int?
    /// The day signed, if before today.
    public var signedOn: CalendarDay?

    public init(_ enrolment: EnrolmentID, _ session: SupervisionID, expectedVersion: Int?, signedOn: CalendarDay? = nil) {
        self.enrolment = enrolment
        self.session = session
        self.expectedVersion = expectedVersion
        self.signedOn = signedOn
    }

    public func run(in context: UseCaseContext) throws -> SupervisionSession {
        try context.updateHeldSession(enrolment, session, expectedVersion: expectedVersion, action: "supervision.signed_by_nqsw") { record, current in
            try Refusal.require(EnrolmentAccess.reviewSigner(context.caller, record.enrolment) == .nqsw, "The NQSW countersigns their supervision record.")
            guard current.nqswSignedOn == nil else { throw Refusal.conflict("Already signed.", kind: "already-signed") }
            return (signed: try OccurredOn.resolve(signedOn, today: context.today, earliest: current.scheduledFor, after: "the session", field: "signedOn"),
                    copied: nil)
        }
    }
}

extension UseCaseContext {
    /// The shared shape of countersigning and recording the copy: a held
    /// session of a visible year, at the version read, one column written once.
    func updateHeldSession(
        _ enrolment: EnrolmentID, _ sessionID: SupervisionID, expectedVersion: Int?, action: String,
        _ decide: (EnrolmentRecord, SupervisionSession) throws -> (signed: CalendarDay?, copied: CalendarDay?)
    ) throws -> SupervisionSession {
        let (record, session) = try visibleSession(enrolment, sessionID)
        guard session.wasHeld else { throw Refusal.conflict("A cancelled session has no record to sign or copy.", kind: "session-cancelled") }
        try Refusal.requireVersion(expectedVersion, current: session.version)
        let (signed, copied) = try decide(record, session)
        guard try SupervisionRepository.update(sessionID, nqswSignedOn: signed, copyGivenOn: copied, expectedVersion: session.version,
                                               organisation: organisation, action: action, actor: actor(on: record.enrolment), on: connection)
        else { throw Refusal.stale(current: session.version + 1) }
        var next = session
        next.nqswSignedOn = session.nqswSignedOn ?? signed
        next.copyGivenOn = session.copyGivenOn ?? copied
        next.version += 1
        return next
    }
}
