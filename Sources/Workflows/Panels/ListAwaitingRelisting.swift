public import Domain
public import Store

/// A case a panel deferred or referred back, waiting to be heard again: whose,
/// by when the evidence is due, and the earliest scheduled panel that could
/// take it (nil when none can yet: the coordinator schedules one).
public struct AwaitingRelisting: Sendable {
    public var enrolment: EnrolmentRecord
    public var deferredAt: CalendarDay
    public var kind: PanelDecision.Kind
    public var deadline: CalendarDay?
    public var earliestPanel: PanelRecord?
}

/// The coordinator's list of deferred cases not yet listed again, earliest deadline first.
public struct ListAwaitingRelisting: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> [AwaitingRelisting] {
        try Refusal.require(PanelAccess.canManage(context.caller), "The re-listing list is for ASYE coordinators.")
        let waiting = try PanelCaseRepository.awaitingRelisting(in: context.organisation, on: context.connection)
        let scheduled = try context.scheduledCandidates()
        return try waiting.compactMap { entry in
            guard let record = try EnrolmentRepository.find(entry.enrolment, in: context.organisation, on: context.connection),
                  record.enrolment.status == .active else { return nil }
            return AwaitingRelisting(enrolment: record, deferredAt: entry.sitsOn, kind: entry.kind, deadline: entry.deadline,
                                     earliestPanel: context.firstSuitablePanel(for: record.enrolment, after: entry.deadline, among: scheduled))
        }
        .sorted { ($0.deadline ?? $0.deferredAt) < ($1.deadline ?? $1.deferredAt) }
    }
}
