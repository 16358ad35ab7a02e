/// How a caller stands to a record: the second half of every access rule
/// (the first is the role). Need-to-know means a role alone is never enough
/// for a personal record; the relation must fit too.
public enum Relation: String, Sendable, Hashable, CaseIterable {
    /// The record is about the caller (an NQSW's own year).
    case ownEnrolment = "own_enrolment"
    /// The caller is the NQSW's current assessor.
    case assessedNQSW = "assessed_nqsw"
    /// The caller is the NQSW's line manager.
    case lineManagedNQSW = "line_managed_nqsw"
    /// Same employer, no personal link.
    case sameOrganisation = "same_organisation"
    /// Another employer: the record does not exist for them.
    case otherOrganisation = "other_organisation"
}

extension Enrolment {
    /// The caller's closest relation to this year.
    public func relation(of caller: Caller) -> Relation {
        guard caller.organisationID == organisationID else { return .otherOrganisation }
        if caller.personID == nqswID { return .ownEnrolment }
        if caller.personID == assessorID { return .assessedNQSW }
        if caller.personID == lineManagerID { return .lineManagedNQSW }
        return .sameOrganisation
    }
}
