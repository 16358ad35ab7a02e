public import Domain
internal import Store

/// The assessor, line manager or a coordinator ticks a tracker line people
/// complete by hand (learning agreement, e-learning…), once, with its date.
public struct TickTrackerItem: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var item: Tracker.ChecklistItem
    public var completedOn: CalendarDay

    public init(_ enrolment: EnrolmentID, item: Tracker.ChecklistItem, completedOn: CalendarDay) {
        self.enrolment = enrolment
        self.item = item
        self.completedOn = completedOn
    }

    public func run(in context: UseCaseContext) throws -> TrackedYear {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canTickTracker(context.caller, record.enrolment),
                            "Tracker lines are ticked by the assessor, line manager or coordinator.")
        if completedOn < record.enrolment.startDate || completedOn > context.today {
            throw ValidationFailure(field: "completedOn", message: "Within the year so far (\(record.enrolment.startDate) to \(context.today)).")
        }
        if item == .certificateSeen {
            try Tracker.checkCertificate(
                seenOn: completedOn, passSignedOn: try PanelCaseRepository.passSignedOn(enrolment, organisation: context.organisation, on: context.connection))
        }
        guard try TrackerRepository.tick(item, on: completedOn, enrolment: record.enrolment, actor: context.actor(on: record.enrolment),
                                         on: context.connection)
        else { throw Refusal.conflict("This line is already ticked.", kind: "already-ticked") }
        return TrackedYear(record: record, tracker: try TrackerRepository.tracker(for: record, asOf: context.today, on: context.connection),
                           asOf: context.today)
    }
}
