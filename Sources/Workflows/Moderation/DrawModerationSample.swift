internal import Foundation
public import Domain
public import Store

/// A coordinator draws a reproducible sample of the cases decided in a
/// period — every FAIL, borderline and near miss, plus a seeded random share
/// (policy: 10 %) — and assigns moderators, internal or external.
public struct DrawModerationSample: TransactionalUseCase {
    public var decidedFrom: CalendarDay
    public var decidedTo: CalendarDay
    /// Nil draws a random seed; the seed is stored, so the draw can be repeated.
    public var seed: Int64?
    /// The random share in percent; nil takes the panel policy's.
    public var sharePercent: Int?
    public var moderators: [ModerationSampleRecord.Moderator]
    /// Why a period already sampled is drawn again (required then; the earlier draw is kept).
    public var redrawReason: String?

    public init(decidedFrom: CalendarDay, decidedTo: CalendarDay, seed: Int64?, sharePercent: Int?, moderators: [ModerationSampleRecord.Moderator],
                redrawReason: String? = nil) {
        self.redrawReason = redrawReason
        self.decidedFrom = decidedFrom
        self.decidedTo = decidedTo
        self.seed = seed
        self.sharePercent = sharePercent
        self.moderators = moderators
    }

    public func run(in context: UseCaseContext) throws -> VisibleSample {
        try Refusal.require(PanelAccess.canManage(context.caller), "Moderation samples are drawn by ASYE coordinators.")
        let roles = try PeopleRepository.roles(of: moderators.map(\.personID), in: context.organisation, on: context.connection)
        for (index, moderator) in moderators.enumerated() where roles[moderator.personID]?.contains(.moderator) != true {
            throw ValidationFailure(field: "moderators/\(index)/personId", message: "\(moderator.personID) is not a moderator in this organisation.")
        }
        let policy = try PolicyRepository.panel(for: context.organisation, on: context.connection).policy
        let fraction = sharePercent.map { Double($0) / 100 } ?? policy.moderationShare
        let decided = try ModerationRepository.decidedCases(from: decidedFrom, to: decidedTo, organisation: context.organisation, on: context.connection)
        guard !decided.isEmpty else {
            throw ValidationFailure(field: "decidedFrom", message: "No case had a signed PASS or FAIL decision between \(decidedFrom) and \(decidedTo).")
        }
        let seed = self.seed ?? Int64.random(in: 0...Int64(Int32.max))
        let drawn = Set(ModerationSample.draw(decided.map(\.sample), share: fraction, seed: UInt64(seed)))
        let chosen = decided.filter { drawn.contains($0.sample.id) }.sorted { $0.sample.id.description < $1.sample.id.description }
            .map { entry -> (PanelCaseID, String) in
                // A grade of 3 is a near miss, sampled as such (it is a FAIL on the graded scale, but the one that nearly passed).
                let reason = entry.sample.grade == GradedScale.nearMiss ? "near_miss"
                    : entry.sample.outcome == .fail ? "fail" : entry.sample.borderline ? "borderline" : "random"
                return (entry.caseID, reason)
            }
        // A period already sampled is drawn again only with a reason; the new draw names the one it replaces.
        let earlier = try ModerationRepository.samples(in: context.organisation, on: context.connection)
            .first { $0.decidedFrom <= decidedTo && decidedFrom <= $0.decidedTo }
        var replacing: (sample: UUID, reason: String)?
        if let earlier {
            guard let reason = redrawReason, !reason.trimmingWhitespace().isEmpty else {
                throw ValidationFailure(field: "redrawReason", message: "A sample of \(earlier.decidedFrom) to \(earlier.decidedTo) was already drawn; "
                    + "say why you draw again (the earlier draw is kept).")
            }
            replacing = (earlier.id, reason)
        }
        let id = UUID()
        try ModerationRepository.insert(id: id, from: decidedFrom, to: decidedTo, seed: seed, share: fraction, cases: chosen, moderators: moderators,
                                        replacing: replacing, organisation: context.organisation, actor: context.actor(.coordinator), on: context.connection)
        return try context.visibleSample(id)
    }
}
