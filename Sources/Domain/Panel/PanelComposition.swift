/// Who sits on a panel, and whether they may decide a case.
///
/// A panel needs a quorum (policy: at least three members including the
/// chair) and, for each case, at least one member independent of it. Nobody
/// decides a case where they are the NQSW, their assessor or line manager, or
/// where they declared a conflict.
public struct PanelComposition: Sendable, Hashable {
    public var chair: PersonID
    public var members: Set<PersonID>
    public var quorum: Int
    /// Signs for a case the chair is conflicted for.
    public var deputyChair: PersonID?

    public init(chair: PersonID, members: Set<PersonID>, quorum: Int = 3, deputyChair: PersonID? = nil) {
        self.chair = chair
        self.members = members.union([chair])
        self.quorum = quorum
        self.deputyChair = deputyChair
    }

    /// Who signs the decision on a case: the chair, or — where the chair is
    /// conflicted — the deputy chair if free of conflict; nil: no one may, and the case is released.
    public func signatory(for parties: CaseParties) -> PersonID? {
        let deciders = deciders(for: parties)
        if deciders.contains(chair) { return chair }
        return deputyChair.flatMap { deciders.contains($0) ? $0 : nil }
    }

    /// The people tied to a case.
    public struct CaseParties: Sendable, Hashable {
        public var nqsw: PersonID
        public var assessor: PersonID
        public var lineManager: PersonID
        /// Members who declared another conflict for this case.
        public var declaredConflicts: Set<PersonID>

        public init(nqsw: PersonID, assessor: PersonID, lineManager: PersonID, declaredConflicts: Set<PersonID> = []) {
            self.nqsw = nqsw
            self.assessor = assessor
            self.lineManager = lineManager
            self.declaredConflicts = declaredConflicts
        }
    }

    /// The panel as scheduled is quorate.
    public func validate() throws(ValidationFailure) {
        if members.count < quorum {
            throw ValidationFailure(field: "members", message: "A panel needs at least \(quorum) members including the chair; it has \(members.count).")
        }
    }

    /// Members who may decide this case.
    public func deciders(for parties: CaseParties) -> Set<PersonID> {
        members.subtracting([parties.nqsw, parties.assessor, parties.lineManager]).subtracting(parties.declaredConflicts)
    }

    /// Refuses a case that would leave the panel without a quorum of members free to decide it.
    public func checkCanHear(_ parties: CaseParties) throws(ValidationFailure) {
        let deciders = deciders(for: parties)
        guard deciders.count >= quorum else {
            let excluded = members.count - deciders.count
            throw ValidationFailure(field: "panelId", message:
                "\(excluded) of the panel's \(members.count) members are conflicted for this case (its NQSW, assessor, line manager or a declared conflict), leaving \(deciders.count); a decision needs \(quorum).")
        }
        guard signatory(for: parties) != nil else {
            throw ValidationFailure(field: "panelId", message: "The chair is conflicted for this case and the panel has no deputy chair free of conflict; "
                + "choose a panel with another chair.")
        }
    }
}
