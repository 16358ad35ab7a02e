public import Domain
public import Store

/// A case waiting to be heard again — deferred or referred back by a panel, or
/// referred back to a panel by moderation: whose, why, by when the evidence is
/// due, and the earliest scheduled panel that could take it (nil when none can
/// yet: the coordinator schedules one).
public struct AwaitingRelisting: Sendable {
    public var enrolment: EnrolmentRecord
    public var deferredAt: CalendarDay
    public var reason: RelistingReason
    public var deadline: CalendarDay?
    public var earliestPanel: PanelRecord?
}

/// The coordinator's list of cases waiting for a panel again and not yet listed, earliest deadline first.
public struct ListAwaitingRelisting: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> [AwaitingRelisting] {
        try Refusal.require(PanelAccess.canManage(context.caller), "The re-listing list is for ASYE coordinators.")
        let waiting = try PanelCaseRepository.awaitingRelisting(in: context.organisation, on: context.connection)
        let scheduled = try context.scheduledCandidates()
        return try waiting.compactMap { entry in
            // A year closed since (withdrawn, or decided by a later panel) waits for nothing; a year moderation
            // referred back keeps its signed outcome until the new panel signs.
            guard let record = try EnrolmentRepository.find(entry.enrolment, in: context.organisation, on: context.connection),
                  record.enrolment.status == .active || (entry.reason == .moderationReferral && record.enrolment.status != .withdrawn) else { return nil }
            return AwaitingRelisting(enrolment: record, deferredAt: entry.sitsOn, reason: entry.reason, deadline: entry.deadline,
                                     earliestPanel: context.firstSuitablePanel(for: record.enrolment, after: entry.deadline, among: scheduled))
        }
        .sorted { ($0.deadline ?? $0.deferredAt) < ($1.deadline ?? $1.deferredAt) }
    }
}
