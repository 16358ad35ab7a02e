internal import Domain
internal import Store
internal import Foundation

/// Access to an enrolment and the records under it, decided here — from the
/// caller's current relation to the year — and nowhere else. The pure rules
/// (role × relation × state) are in `Domain`'s `EnrolmentAccess`; these load
/// the record as it is now and apply them. A record the caller has no need
/// to know about answers 404, so its existence is not revealed.
extension UseCaseContext {
    /// The enrolment if it is in the caller's organisation and they may see it.
    func visibleEnrolment(_ id: EnrolmentID) throws -> EnrolmentRecord {
        guard let record = try EnrolmentRepository.find(id, in: organisation, on: connection),
              EnrolmentAccess.canView(caller, record.enrolment)
        else { throw Refusal.notFound("enrolment") }
        return record
    }

    /// The enrolment if the caller may see its concerns and plans. With
    /// `includingHR`, HR in the organisation passes too — the plan use cases
    /// then show HR only plans handed to a formal procedure.
    func enrolmentForConcerns(_ id: EnrolmentID, includingHR: Bool = false) throws -> EnrolmentRecord {
        guard let record = try EnrolmentRepository.find(id, in: organisation, on: connection),
              EnrolmentAccess.canViewConcerns(caller, record.enrolment, escalated: try escalatedToPSW(id)) || (includingHR && caller.holds(.hr))
        else { throw Refusal.notFound("enrolment") }
        return record
    }

    /// For a PSW: whether a concern about this NQSW was escalated to them (their
    /// only reason to see the year's concerns and plans). Asked only of PSWs.
    func escalatedToPSW(_ id: EnrolmentID) throws -> Bool {
        guard caller.holds(.psw) else { return false }
        return try !EscalationRepository.escalations(in: organisation, enrolment: id, on: connection).isEmpty
    }

    /// The framework versions the year is pinned to.
    func frameworks(of record: EnrolmentRecord) throws -> PinnedFrameworks {
        guard let frameworks = try FrameworkRepository.pinned(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID, on: connection) else {
            throw Inconsistency("an enrolment pinned to frameworks that are not loaded")
        }
        return frameworks
    }

    /// A visible enrolment's portfolio: record, frameworks, clock and evidence.
    func portfolio(_ id: EnrolmentID) throws -> Portfolio {
        try PortfolioRepository.load(try visibleEnrolment(id), on: connection)
    }

    /// An evidence item of a visible enrolment.
    func visibleEvidence(_ id: EnrolmentID, _ evidenceID: EvidenceID) throws -> (EnrolmentRecord, EvidenceItem) {
        let record = try visibleEnrolment(id)
        guard let item = try EvidenceRepository.find(evidenceID, enrolment: id, organisation: organisation, on: connection) else {
            throw Refusal.notFound("evidence item")
        }
        return (record, item)
    }

    /// A review of a visible enrolment.
    func visibleReview(_ id: EnrolmentID, _ reviewID: ReviewID) throws -> (EnrolmentRecord, Review) {
        let record = try visibleEnrolment(id)
        guard let review = try ReviewRepository.find(reviewID, enrolment: id, organisation: organisation, on: connection) else {
            throw Refusal.notFound("review")
        }
        return (record, review)
    }

    /// A supervision session of a visible enrolment.
    func visibleSession(_ id: EnrolmentID, _ sessionID: SupervisionID) throws -> (EnrolmentRecord, SupervisionSession) {
        let record = try visibleEnrolment(id)
        guard let session = try SupervisionRepository.find(sessionID, enrolment: id, organisation: organisation, on: connection) else {
            throw Refusal.notFound("supervision session")
        }
        return (record, session)
    }

    /// A concern, to those who may see the year's concerns.
    func visibleConcern(_ id: EnrolmentID, _ concernID: ConcernID) throws -> (EnrolmentRecord, Concern) {
        let record = try enrolmentForConcerns(id)
        guard let concern = try ConcernRepository.find(concernID, enrolment: id, organisation: organisation, on: connection) else {
            throw Refusal.notFound("concern")
        }
        return (record, concern)
    }

    /// A support and action plan: to those who may see the year's concerns,
    /// and to HR once it is handed to a formal procedure (escalated).
    func visiblePlan(_ id: EnrolmentID, _ planID: UUID) throws -> (EnrolmentRecord, PlanRecord) {
        let record = try enrolmentForConcerns(id, includingHR: true)
        guard let plan = try SupportPlanRepository.find(planID, enrolment: id, organisation: organisation, on: connection),
              PlanAccess.canView(caller, record.enrolment, plan: plan.machine.state, escalated: try escalatedToPSW(id))
        else { throw Refusal.notFound("plan") }
        return (record, plan)
    }
}
