public import Foundation
internal import Domain
internal import Store

/// One sample, to those with a standing on it.
public struct GetModerationSample: TransactionalUseCase {
    public var sample: UUID

    public init(_ sample: UUID) {
        self.sample = sample
    }

    public func run(in context: UseCaseContext) throws -> VisibleSample {
        let visible = try context.visibleSample(sample)
        try context.recordRead(.moderation, [sample], .moderationSampleRead)
        return visible
    }
}
