public import Foundation
internal import Domain
internal import Store

/// The panel chair or the moderator who raised it settles a dispute on the
/// evidence. The panel's decision itself never changes through moderation.
public struct SettleModerationDispute: TransactionalUseCase {
    public var sample: UUID
    public var dispute: UUID
    public var expectedVersion: Int?
    public var resolution: String

    public init(_ sample: UUID, dispute: UUID, expectedVersion: Int?, resolution: String) {
        self.sample = sample
        self.dispute = dispute
        self.expectedVersion = expectedVersion
        self.resolution = resolution
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
        guard try ModerationRepository.settle(dispute: open.id, sample: sample, resolution: resolution, on: context.today, expectedVersion: open.version,
                                              organisation: context.organisation, actor: context.actor(named: role), on: context.connection)
        else { throw Refusal.stale(current: open.version + 1) }
        return try context.visibleSample(sample)
    }
}
