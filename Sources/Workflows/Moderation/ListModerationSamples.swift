internal import Domain
internal import Store

/// Samples for coordinators (all) and moderators (those they are assigned to).
public struct ListModerationSamples: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> [VisibleSample] {
        try Refusal.require(PanelAccess.canManage(context.caller) || context.caller.holds(.moderator),
                            "Moderation samples are for ASYE coordinators and moderators.")
        let samples = try ModerationRepository.samples(in: context.organisation, moderator: PanelAccess.canManage(context.caller) ? nil : context.caller.personID,
                                                       on: context.connection)
            .map { try context.visible($0) }
        try context.recordRead(.moderation, samples.map(\.sample.id), .moderationSampleRead)
        return samples
    }
}
