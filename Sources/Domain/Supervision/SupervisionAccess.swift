/// Who records what about supervision: the supervisor is the NQSW's line
/// manager or assessor; a coordinator may enter it for them.
public enum SupervisionAccess {
    /// Sessions are recorded by the NQSW's line manager or assessor, or a coordinator.
    public static func canRecord(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        let signer = EnrolmentAccess.reviewSigner(caller, enrolment)
        return signer == .lineManager || signer == .assessor || (caller.holds(.coordinator) && enrolment.organisationID == caller.organisationID)
    }

    /// The copy given to the NQSW is recorded by the session's own supervisor, or a coordinator.
    public static func canRecordCopy(_ caller: Caller, _ enrolment: Enrolment, supervisor: PersonID) -> Bool {
        supervisor == caller.personID || (caller.holds(.coordinator) && enrolment.organisationID == caller.organisationID)
    }

    /// A cancellation that was never rescheduled is reported by either supervisor, or a coordinator.
    /// An addendum to a signed record: anyone who signs or supervises the NQSW's year, or a coordinator.
    public static func canAddAddendum(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        EnrolmentAccess.reviewSigner(caller, enrolment) != nil || EnrolmentAccess.canChange(caller, enrolment)
    }

    /// A cancellation never rescheduled is reported by the supervisor, a
    /// coordinator — or the NQSW, whose supervision it was.
    public static func canReportCancellation(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        let signer = EnrolmentAccess.reviewSigner(caller, enrolment)
        return signer == .lineManager || signer == .assessor || signer == .nqsw || EnrolmentAccess.canChange(caller, enrolment)
    }
}

extension EnrolmentAccess {
    /// Tracker lines people complete by hand are ticked by the assessor, line manager or a coordinator.
    public static func canTickTracker(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        let signer = reviewSigner(caller, enrolment)
        return signer == .assessor || signer == .lineManager || canChange(caller, enrolment)
    }
}
