internal import Domain
internal import Store

/// A case as a decision step sees it: the panel (locked for the step), its
/// agenda, the case, who may not decide it, and the recommendation it hears.
struct Hearing {
    var panel: PanelRecord
    var agenda: PanelAgenda
    var record: PanelCaseRecord
    var parties: PanelComposition.CaseParties
    var recommendation: RecommendationRecord
    /// The NQSW's year the case is about.
    var enrolment: Enrolment

    /// The recommendation's version the panel hears (the latest).
    var currentVersion: Int { recommendation.versions.last?.number ?? 1 }
}

extension UseCaseContext {
    /// The case at the panel; `lock` holds the panel and the recommendation for a step that changes them.
    func hearing(_ panel: PanelID, _ panelCase: PanelCaseID, lock: Bool = true) throws -> Hearing {
        let record = try visiblePanel(panel, lock: lock)
        let agenda = try agenda(record)
        guard let listed = agenda.panelCase(panelCase) else { throw Refusal.notFound("case") }
        guard let parties = agenda.parties(listed), let enrolment = agenda.enrolments[listed.enrolmentID]?.enrolment,
              let recommendation = try RecommendationRepository.find(for: listed.enrolmentID, organisation: organisation, locking: lock, on: connection)
        else { throw Refusal.notFound("case") }
        return Hearing(panel: record, agenda: agenda, record: listed, parties: parties, recommendation: recommendation,
                       enrolment: enrolment)
    }
}

extension Refusal {
    /// A decision step the case's machine refuses.
    static func caseTransition(_ error: PanelDecisionMachine.TransitionError) -> Refusal {
        .conflict("\(error.reason) (state: \(error.state.name))", kind: "case-transition-refused")
    }
}
