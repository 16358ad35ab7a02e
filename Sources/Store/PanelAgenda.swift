public import Domain
public import PQ

/// A panel with what its members need, loaded once: its cases, the years
/// they belong to, and the names of everyone involved.
public struct PanelAgenda: Sendable {
    public var panel: PanelRecord
    public var cases: [PanelCaseRecord]
    public var enrolments: [EnrolmentID: EnrolmentRecord]
    public var names: [PersonID: String]
    /// Who the chair recorded as present at the sitting (nil: not recorded).
    public var present: Set<PersonID>? = nil

    /// The case with this id, if it is on the agenda.
    public func panelCase(_ id: PanelCaseID) -> PanelCaseRecord? {
        cases.first { $0.id == id }
    }

    /// The people tied to a case, who may not decide it.
    public func parties(_ record: PanelCaseRecord) -> PanelComposition.CaseParties? {
        guard let enrolment = enrolments[record.enrolmentID]?.enrolment else { return nil }
        return Self.parties(enrolment, record)
    }

    public static func parties(_ enrolment: Enrolment, _ record: PanelCaseRecord?) -> PanelComposition.CaseParties {
        PanelComposition.CaseParties(nqsw: enrolment.nqswID, assessor: enrolment.assessorID, lineManager: enrolment.lineManagerID,
                                     declaredConflicts: Set(record?.conflicts.keys ?? [:].keys))
    }

    /// Enough members free of conflict to decide the case.
    public func isQuorate(_ record: PanelCaseRecord) -> Bool {
        parties(record).map { panel.composition.deciders(for: $0).count >= panel.quorum } ?? false
    }
}

public enum PanelAgendaRepository {
    /// Everyone's names in the organisation, for members and the NQSWs of cases.
    public static func names(in organisation: OrganisationID, on connection: PQConnection) throws -> [PersonID: String] {
        Dictionary(try PeopleRepository.people(in: organisation, on: connection).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// `names` may be passed in when several panels are shown at once.
    public static func load(_ panel: PanelRecord, organisation: OrganisationID, names: [PersonID: String]? = nil, on connection: PQConnection) throws -> PanelAgenda {
        let cases = try PanelCaseRepository.cases(panels: [panel.id], organisation: organisation, on: connection)
        var enrolments: [EnrolmentID: EnrolmentRecord] = [:]
        for enrolment in Set(cases.map(\.enrolmentID)) {
            enrolments[enrolment] = try EnrolmentRepository.find(enrolment, in: organisation, on: connection)
        }
        let present = panel.machine.state == .inSession || panel.machine.state == .closed
            ? try PanelAttendanceRepository.present(at: panel.id, organisation: organisation, on: connection) : nil
        return PanelAgenda(panel: panel, cases: cases, enrolments: enrolments, names: try names ?? Self.names(in: organisation, on: connection),
                           present: present)
    }
}
