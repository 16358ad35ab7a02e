/// Who may see and change an enrolment.
///
/// Outside the caller's organisation a record does not exist (the API answers
/// 404, not 403, so its existence is not revealed); inside it, a person with
/// no need to know gets 404 too, and one who may look but not act gets 403.
public enum EnrolmentAccess {
    /// The NQSW, their assessor, their line manager, and the organisation's coordinators.
    public static func canView(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        switch enrolment.relation(of: caller) {
        case .ownEnrolment:
            caller.holds(.nqsw)
        case .assessedNQSW:
            caller.holds(.assessor)
        case .lineManagedNQSW:
            caller.holds(.lineManager)
        case .sameOrganisation:
            caller.holds(.coordinator)
        case .otherOrganisation:
            false
        }
    }

    /// Only the organisation's coordinators change an enrolment's terms
    /// (assessor, line manager, hours, start date).
    public static func canChange(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        enrolment.organisationID == caller.organisationID && caller.holds(.coordinator)
            && caller.personID != enrolment.nqswID
    }

    /// Only coordinators enrol NQSWs.
    public static func canEnrol(_ caller: Caller) -> Bool {
        caller.holds(.coordinator)
    }

    /// Coordinators read the audit history of their organisation's records.
    public static func canReadAudit(_ caller: Caller) -> Bool {
        caller.holds(.coordinator)
    }

    /// The role an audit event records for the caller acting on `enrolment`.
    public static func actingRole(_ caller: Caller, on enrolment: Enrolment) -> Role {
        switch enrolment.relation(of: caller) {
        case .ownEnrolment where caller.holds(.nqsw): .nqsw
        case .assessedNQSW where caller.holds(.assessor): .assessor
        case .lineManagedNQSW where caller.holds(.lineManager): .lineManager
        case .ownEnrolment, .assessedNQSW, .lineManagedNQSW, .sameOrganisation, .otherOrganisation:
            caller.holds(.coordinator) ? .coordinator : (caller.roles.min() ?? .nqsw)
        }
    }
}

extension EnrolmentAccess {
    /// Evidence is added by the NQSW, their assessor, their line manager, or a
    /// coordinator entering history for an employer moving onto Quorum.
    public static func canAddEvidence(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        enrolment.status == .active && canView(caller, enrolment)
    }

    /// Evidence of `kind` is added by this caller: anyone who may add evidence,
    /// except that a critical reflection is the NQSW's own work, so only they add it.
    public static func canAddEvidence(_ caller: Caller, _ enrolment: Enrolment, kind: EvidenceKind) -> Bool {
        guard canAddEvidence(caller, enrolment) else { return false }
        return kind != .criticalReflection || enrolment.relation(of: caller) == .ownEnrolment
    }

    /// Only the NQSW's current assessor judges and verifies evidence.
    public static func canAssess(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        enrolment.relation(of: caller) == .assessedNQSW && caller.holds(.assessor)
    }

    /// A sufficiency check is kept (saved as it stands) by the NQSW's current
    /// assessor or a coordinator: the people whose judgement relies on it.
    public static func canKeepSufficiencyRun(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        switch enrolment.relation(of: caller) {
        case .assessedNQSW: caller.holds(.assessor) || caller.holds(.coordinator)
        case .lineManagedNQSW, .sameOrganisation: caller.holds(.coordinator)
        case .ownEnrolment, .otherOrganisation: false
        }
    }

    /// Absences are recorded by the line manager or a coordinator.
    public static func canRecordAbsence(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        switch enrolment.relation(of: caller) {
        case .lineManagedNQSW: caller.holds(.lineManager) || caller.holds(.coordinator)
        case .sameOrganisation, .assessedNQSW: caller.holds(.coordinator)
        case .ownEnrolment, .otherOrganisation: false
        }
    }

    /// Extensions are agreed and recorded by a coordinator.
    public static func canExtend(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        canChange(caller, enrolment)
    }
}
