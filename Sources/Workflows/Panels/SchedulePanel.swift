public import Domain
internal import Store

/// A coordinator sets up a panel: when and where it sits, its capacity and
/// evidence deadline, its chair and members; quorum and anonymisation come
/// from the panel policy and are frozen on the panel. With `scheduleNow` it
/// is scheduled at once, otherwise it stays a draft.
public struct SchedulePanel: TransactionalUseCase {
    public var schedule: PanelSchedule
    public var chair: PersonID
    public var members: [PersonID]
    public var scheduleNow: Bool
    /// One of the members, who signs for a case the chair is conflicted for.
    public var deputyChair: PersonID?

    public init(schedule: PanelSchedule, chair: PersonID, members: [PersonID], scheduleNow: Bool, deputyChair: PersonID? = nil) {
        self.deputyChair = deputyChair
        self.schedule = schedule
        self.chair = chair
        self.members = members
        self.scheduleNow = scheduleNow
    }

    public func run(in context: UseCaseContext) throws -> VisiblePanel {
        try Refusal.require(PanelAccess.canManage(context.caller), "Panels are scheduled by ASYE coordinators.")
        try schedule.validate(today: context.today)
        let everyone = Set(members).union([chair])
        let roles = try PeopleRepository.roles(of: Array(everyone), in: context.organisation, on: context.connection)
        var issues = FieldIssues()
        if roles[chair]?.contains(.panelMember) != true { issues.add("chairId", "The chair must be a panel member of this organisation.") }
        for member in members where roles[member]?.contains(.panelMember) != true {
            issues.add("memberIds", "\(member) is not a panel member of this organisation.")
        }
        if let deputyChair, deputyChair == chair || !members.contains(deputyChair) {
            issues.add("deputyChairId", "The deputy chair is one of the panel's members, not the chair.")
        }
        try issues.throwIfAny()
        let policy = try PolicyRepository.panel(for: context.organisation, on: context.connection).policy
        var panel = PanelRecord(id: .random(), machine: PanelMachine(), schedule: schedule, chairID: chair, memberIDs: everyone,
                                quorum: policy.quorum, anonymised: policy.anonymised, reason: nil, deputyChairID: deputyChair, version: 1)
        try panel.composition.validate()
        if scheduleNow {
            do { _ = try panel.machine.apply(.schedule) } catch { throw Inconsistency("a new panel refused to be scheduled: \(error.reason)") }
        }
        try PanelRepository.insert(panel, organisation: context.organisation, actor: context.panelActor(), on: context.connection)
        return context.visible(try context.agenda(panel))
    }
}
