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

    public init(_ sample: UUID, dispute: UUID, expectedVersion: Int?, resolution: String, citedEvidence: [UUID] = [], citedReviews: [UUID] = []) {
        self.sample = sample
        self.dispute = dispute
        self.expectedVersion = expectedVersion
        self.resolution = resolution
        self.citedEvidence = citedEvidence
        self.citedReviews = citedReviews
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
        guard try ModerationRepository.settle(dispute: open.id, sample: sample, resolution: resolution, citing: citedEvidence, reviews: citedReviews,
                                              on: context.today, expectedVersion: open.version,
                                              organisation: context.organisation, actor: context.actor(named: role), on: context.connection)
        else { throw Refusal.stale(current: open.version + 1) }
        return try context.visibleSample(sample, keeping: dispute)
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
