public import Domain
public import Store

/// What a coordinator (or the chair, to open and close the session) does to a panel.
public enum PanelCommand: Sendable, Hashable {
    case schedule
    /// A new date, time, place or evidence deadline; the cases move with it or are released.
    case reschedule(reason: String, casesMove: Bool, changes: ScheduleChanges)
    case open
    case close
    case cancel(reason: String)

    var event: PanelMachine.Event {
        switch self {
        case .schedule: .schedule
        case .reschedule(let reason, let casesMove, _): .reschedule(reason: reason, casesMove: casesMove)
        case .open: .open
        case .close: .close
        case .cancel(let reason): .cancel(reason: reason)
        }
    }

    var reason: String? {
        switch self {
        case .reschedule(let reason, _, _), .cancel(let reason): reason
        case .schedule, .open, .close: nil
        }
    }
}

/// The parts of a panel's schedule a rescheduling changes; nil keeps the current value.
public struct ScheduleChanges: Sendable, Hashable {
    public var sitsOn: CalendarDay?
    public var startsAt: Int?
    public var endsAt: Int?
    public var location: String?
    public var evidenceDeadline: CalendarDay?

    public init(sitsOn: CalendarDay? = nil, startsAt: Int? = nil, endsAt: Int? = nil, location: String? = nil, evidenceDeadline: CalendarDay? = nil) {
        self.sitsOn = sitsOn
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.location = location
        self.evidenceDeadline = evidenceDeadline
    }

    func applied(to schedule: PanelSchedule) -> PanelSchedule {
        var next = schedule
        next.sitsOn = sitsOn ?? schedule.sitsOn
        next.startsAt = startsAt ?? schedule.startsAt
        next.endsAt = endsAt ?? schedule.endsAt
        next.location = location ?? schedule.location
        next.evidenceDeadline = evidenceDeadline ?? schedule.evidenceDeadline
        return next
    }
}

/// Moves a panel through its machine: scheduled, rescheduled, opened,
/// closed or cancelled; cases the machine releases go back to the queue.
public struct ApplyPanelEvent: TransactionalUseCase {
    public var panel: PanelID
    public var expectedVersion: Int?
    public var command: PanelCommand

    public init(_ panel: PanelID, expectedVersion: Int?, command: PanelCommand) {
        self.panel = panel
        self.expectedVersion = expectedVersion
        self.command = command
    }

    public func run(in context: UseCaseContext) throws -> VisiblePanel {
        var record = try context.visiblePanel(panel, lock: true)
        let event = command.event
        let chairActs = [.open, .close].contains(command) && context.caller.personID == record.chairID
        try Refusal.require(PanelAccess.canManage(context.caller) || chairActs,
                            "Only a coordinator (or the chair, to open and close the session) changes a panel.")
        try Refusal.requireVersion(expectedVersion, current: record.version)
        var changes: [FieldChange] = []
        switch command {
        case .schedule:
            try record.composition.validate()
            try record.schedule.validate(today: context.today)
        case .reschedule(_, _, let scheduleChanges):
            let schedule = scheduleChanges.applied(to: record.schedule)
            try schedule.validate(today: context.today)
            changes.append(FieldChange(field: "sitsOn", before: record.schedule.sitsOn.description, after: schedule.sitsOn.description))
            record.schedule = schedule
        case .open:
            // Decisions are made by a panel that sits: it opens on its own date (Europe/London).
            let sitsOn = record.schedule.sitsOn
            if context.today != sitsOn {
                throw RuleBreach(.panelSitsOnItsDate, record: "the panel sitting on \(sitsOn.spoken)", date: sitsOn,
                                 detail: "The panel sits on \(sitsOn.spoken); it opens on that day, not on \(context.today.spoken). "
                                     + (context.today < sitsOn ? "Open it when it sits." : "Reschedule it to sit again."))
            }
        case .close, .cancel:
            break
        }
        let agenda = try context.agenda(record)
        if case .close = command, let unsigned = agenda.cases.first(where: { if case .recorded = $0.machine.state { true } else { false } }) {
            throw Refusal.conflict("The chair has not signed the decision for case \(unsigned.caseNumber); sign it before closing.", kind: "decision-unsigned")
        }
        let effects: [PanelMachine.Effect]
        do { effects = try record.machine.apply(event) } catch {
            throw Refusal.conflict("\(error.reason) (state: \(error.state.name), event: \(event.name))", kind: "panel-transition-refused")
        }
        if let reason = command.reason { record.reason = reason }
        changes.append(FieldChange(field: "state", before: nil, after: record.machine.state.name))
        let actor = context.panelActor(chair: chairActs && !PanelAccess.canManage(context.caller))
        for effect in effects {
            switch effect {
            case .listedCasesReleased:
                let why = switch command {
                case .close: "Undecided when the panel closed."
                case .cancel(let reason): "Panel cancelled: \(reason)"
                case .reschedule(let reason, _, _): "Panel rescheduled: \(reason)"
                case .schedule, .open: "Released."
                }
                for listed in agenda.cases where listed.machine.state == .listed {
                    try context.release(listed, reason: why, actor: actor)
                }
            case .opened:
                // Opening the session says everyone is here; the chair corrects it as people arrive and leave.
                try PanelAttendanceRepository.record(record.memberIDs, at: record.id, before: nil, organisation: context.organisation, actor: actor,
                                                     audited: false, on: context.connection)
                changes.append(FieldChange(field: "present", before: nil, after: String(record.memberIDs.count)))
            case .scheduled, .rescheduled, .closed, .cancelled:
                break
            }
        }
        guard try PanelRepository.save(record, expectedVersion: record.version, organisation: context.organisation, action: "panel.\(event.name)",
                                       reason: command.reason, changes: changes, actor: actor, on: context.connection)
        else { throw Refusal.stale(current: record.version + 1) }
        return context.visible(try context.agenda(try context.visiblePanel(panel)))
    }
}
