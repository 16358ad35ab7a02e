public import Domain
internal import Store

/// Records that a cancelled session never rescheduled was reported to the
/// supervisor's line manager (policy: within 2 weeks). Happens once.
public struct ReportSupervisionCancellation: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var session: SupervisionID
    public var expectedVersion: Int?

    public init(_ enrolment: EnrolmentID, _ session: SupervisionID, expectedVersion: Int?) {
        self.enrolment = enrolment
        self.session = session
        self.expectedVersion = expectedVersion
    }

    public func run(in context: UseCaseContext) throws -> SupervisionSession {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(SupervisionAccess.canReportCancellation(context.caller, record.enrolment),
                            "The supervisor or a coordinator records the report.")
        if let expectedVersion, let current = try SupervisionRepository.find(session, enrolment: enrolment, organisation: context.organisation, on: context.connection) {
            try Refusal.requireVersion(expectedVersion, current: current.version)
        }
        guard try SupervisionRepository.recordReport(session, on: context.today, organisation: context.organisation,
                                                     actor: context.actor(on: record.enrolment), on: context.connection)
        else { throw Refusal.conflict("Only a cancellation that was never rescheduled, not yet reported, is reported.", kind: "nothing-to-report") }
        return try context.visibleSession(enrolment, session).1
    }
}
