public import Foundation
internal import Domain
internal import Store

/// The panel chair or the moderator who raised it settles a dispute on the
/// evidence: the settlement cites at least one evidence item or review of
/// the case's year. The panel's decision itself never changes through moderation.
public struct SettleModerationDispute: TransactionalUseCase {
    public var sample: UUID
    public var dispute: UUID
    public var expectedVersion: Int?
    public var resolution: String
    public var citedEvidence: [UUID]
    public var citedReviews: [UUID]
    /// Refer the decided case back to a panel: a new listing, never a changed decision.
    public var referToPanel: Bool

    public init(_ sample: UUID, dispute: UUID, expectedVersion: Int?, resolution: String, citedEvidence: [UUID] = [], citedReviews: [UUID] = [],
                referToPanel: Bool = false) {
        self.sample = sample
        self.dispute = dispute
        self.expectedVersion = expectedVersion
        self.resolution = resolution
        self.citedEvidence = citedEvidence
        self.citedReviews = citedReviews
        self.referToPanel = referToPanel
    }

    public func run(in context: UseCaseContext) throws -> VisibleSample {
        let visible = try context.visibleSample(sample)
        guard let review = visible.sample.reviews.first(where: { $0.dispute?.id == dispute }), let open = review.dispute else {
            throw Refusal.notFound("dispute")
        }
        let role: String
        switch visible.standing {
        case .moderator where review.moderatorID == context.caller.personID: role = Role.moderator.rawValue
        case .chair(let panels) where visible.cases[review.caseID].map({ panels.contains($0.panelID) }) == true: role = "panel_chair"
        case .coordinator, .moderator, .chair:
            throw Refusal.forbidden("The dispute is settled by the panel chair and the moderator who raised it.")
        }
        guard !open.settled else { throw Refusal.conflict("The dispute is already settled.", kind: "dispute-settled") }
        try Refusal.requireVersion(expectedVersion, current: open.version)
        try checkCitations(year: visible.cases[review.caseID]?.enrolmentID, context: context)
        let actor = context.actor(named: role)
        guard try ModerationRepository.settle(dispute: open.id, sample: sample, resolution: resolution, citing: citedEvidence, reviews: citedReviews,
                                              refersToPanel: referToPanel, on: context.today, expectedVersion: open.version,
                                              organisation: context.organisation, actor: actor, on: context.connection)
        else { throw Refusal.stale(current: open.version + 1) }
        if referToPanel, let decided = visible.cases[review.caseID] { try referBack(decided, actor: actor, context: context) }
        return try context.visibleSample(sample, keeping: dispute)
    }

    /// The recommendation the case decided goes back to the queue — only while
    /// that decision is the year's latest and nothing has sent it back already.
    private func referBack(_ decided: PanelCaseRecord, actor: Actor, context: UseCaseContext) throws {
        guard var recommendation = try RecommendationRepository.find(for: decided.enrolmentID, organisation: context.organisation, locking: true,
                                                                     on: context.connection)
        else { throw Inconsistency("a decided case without a recommendation") }
        let latest = try PanelCaseRepository.cases(enrolment: decided.enrolmentID, organisation: context.organisation, on: context.connection)
            .filter { $0.decision?.signedOn != nil }
            .max { ($0.decision?.signedOn ?? $0.listedOn, $0.listedOn) < ($1.decision?.signedOn ?? $1.listedOn, $1.listedOn) }
        guard latest?.id == decided.id else {
            throw Refusal.conflict("A later panel has heard this NQSW's case since the decision moderated; settle without referring it.",
                                   kind: "referral-refused")
        }
        do { _ = try recommendation.machine.apply(.referByModeration) } catch {
            throw Refusal.conflict("The case is already waiting for a panel again (the recommendation is \(error.state.name)); settle without referring it.",
                                   kind: "referral-refused")
        }
        guard try RecommendationRepository.save(recommendation, creating: false, expectedVersion: recommendation.version, newVersion: nil,
                                                organisation: context.organisation, action: "recommendation.referred_by_moderation", reason: resolution,
                                                actor: actor, on: context.connection)
        else { throw Refusal.stale(current: recommendation.version + 1) }
        try context.relist(decided.enrolmentID, actor: actor)
    }

    /// A settlement rests on the record: at least one cited evidence item or review, each of the case's own year.
    private func checkCitations(year: EnrolmentID?, context: UseCaseContext) throws {
        var issues = FieldIssues()
        if resolution.trimmingWhitespace().isEmpty { issues.add("resolution", "Say how the dispute is settled.") }
        if citedEvidence.isEmpty && citedReviews.isEmpty {
            issues.add("citedEvidenceIds", "Cite at least one evidence item or review the settlement rests on.")
        }
        if let year, !(citedEvidence.isEmpty && citedReviews.isEmpty) {
            let evidence = Set(try EvidenceRepository.items(of: year, organisation: context.organisation, on: context.connection).map(\.id.uuid))
            let reviews = Set(try ReviewRepository.reviews(of: year, organisation: context.organisation, on: context.connection).map(\.id.uuid))
            for id in citedEvidence where !evidence.contains(id) { issues.add("citedEvidenceIds", "\(id) is not evidence in this NQSW's year.") }
            for id in citedReviews where !reviews.contains(id) { issues.add("citedReviewIds", "\(id) is not a review of this NQSW's year.") }
        }
        try issues.throwIfAny()
    }
}
