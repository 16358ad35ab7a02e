/// Who carries a concern through its steps.
public enum ConcernAccess {
    /// Sharing a concern with the NQSW and recording its outcome belong to the
    /// person who raised it, or a coordinator.
    public static func canManage(_ caller: Caller, _ enrolment: Enrolment, raisedBy: PersonID) -> Bool {
        raisedBy == caller.personID || EnrolmentAccess.canChange(caller, enrolment)
    }
}
