public import Foundation
public import Domain
public import Store

/// One step in a plan's life (``PlanCommand``), by whoever the step belongs
/// to (``PlanAccess``), through the plan's machine, at the version read.
///
/// A step may be entered after it happened (a plan that ran last term):
/// `occurredOn` is its day, not after today, not before the plan opened, and a
/// review not before the last one. An edit keeps the earlier content as a
/// version; an acknowledgement names the version acknowledged.
public struct ApplyPlanEvent: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var plan: UUID
    public var expectedVersion: Int?
    public var command: PlanCommand
    /// The day the step happened; today when not given.
    public var occurredOn: CalendarDay?

    public init(_ enrolment: EnrolmentID, plan: UUID, expectedVersion: Int?, command: PlanCommand, occurredOn: CalendarDay? = nil) {
        self.enrolment = enrolment
        self.plan = plan
        self.expectedVersion = expectedVersion
        self.command = command
        self.occurredOn = occurredOn
    }

    public func run(in context: UseCaseContext) throws -> PlanRecord {
        let (record, current) = try context.visiblePlan(enrolment, plan)
        let action = command.action
        let party = PlanAccess.party(context.caller, record.enrolment)
        try Refusal.require(PlanAccess.canApply(action, context.caller, record.enrolment),
                            "Your role cannot \(action.rawValue.replacingOccurrences(of: "_", with: " ")) this plan.")
        try Refusal.requireVersion(expectedVersion, current: current.version)
        let day = try stepDay(current, today: context.today)
        var next = current
        let event = try machineEvent(party: party, plan: current, context: context)
        let effects: [SupportAndActionPlan.Effect]
        do { effects = try next.machine.apply(event) } catch {
            throw Refusal.conflict("\(error.reason) (state: \(error.state.name), event: \(action.rawValue))", kind: "plan-transition-refused")
        }
        var step = SupportPlanRepository.Step(action: "plan.\(action.rawValue)", changes: [FieldChange(field: "state", before: nil, after: next.machine.state.name)],
                                              occurredOn: day)
        switch command {
        case .edit(let support, let nextReviewOn, let objectives):
            next.acknowledgements = [:]
            if let support { next.support = support }
            if let nextReviewOn {
                if nextReviewOn <= current.openedOn {
                    throw ValidationFailure(field: "nextReviewOn", message: "Set a review date after the plan opens (\(current.openedOn)).")
                }
                next.nextReviewOn = nextReviewOn
            }
            if let objectives, !objectives.isEmpty { next.objectives = objectives }
            next.contentVersion += 1
            step.contentChanged = true
            step.changes += [FieldChange(field: "contentVersion", before: String(current.contentVersion), after: String(next.contentVersion)),
                             FieldChange(field: "acknowledgements", before: nil, after: "cleared")]
        case .acknowledge(let comments):
            if let party {
                next.acknowledgements[party] = day
                if party == .nqsw, let comments { next.nqswComments = comments }
                step.acknowledgement = PlanAcknowledgement(party: party, comments: party == .nqsw ? comments : nil)
                step.changes.append(FieldChange(field: "acknowledgedVersion", before: nil, after: String(current.contentVersion)))
            }
        case .beginReview(let outcomes):
            step.objectiveReviews = outcomes
        case .extend(let why, let nextReviewOn):
            if nextReviewOn <= day {
                throw ValidationFailure(field: "nextReviewOn", message: "Set the next review after the day the plan is extended (\(day)).")
            }
            step.reason = why
            step.changes.append(FieldChange(field: "nextReviewOn", before: current.nextReviewOn.description, after: nextReviewOn.description))
            next.nextReviewOn = nextReviewOn
        case .cancel(let why):
            step.reason = why
        case .close(let closing):
            next.closing = closing
            step.reason = closing.evidence
            step.changes.append(FieldChange(field: "closingOutcome", before: nil, after: closing.outcome.rawValue))
        case .start, .escalate, .recordProcedureOutcome:
            break
        }
        if day != context.today { step.changes.append(FieldChange(field: "occurredOn", before: nil, after: day.description)) }
        if effects.contains(.agreed) { step.changes.append(FieldChange(field: "agreed", before: nil, after: day.description)) }
        let role = party?.rawValue ?? (EnrolmentAccess.canChange(context.caller, record.enrolment) ? Role.coordinator.rawValue : Role.hr.rawValue)
        guard try SupportPlanRepository.save(next, expectedVersion: current.version, organisation: context.organisation, step: step,
                                             actor: context.actor(named: role), on: context.connection)
        else { throw Refusal.stale(current: current.version + 1) }
        return try context.visiblePlan(enrolment, plan).1
    }

    /// The day the step happened: given or today, within the plan's life so far.
    private func stepDay(_ plan: PlanRecord, today: CalendarDay) throws -> CalendarDay {
        let lastReview = plan.objectives.compactMap(\.lastReviewedOn).max()
        if case .beginReview = command, let lastReview {
            return try OccurredOn.resolve(occurredOn, today: today, earliest: lastReview, after: "the plan's last review")
        }
        return try OccurredOn.resolve(occurredOn, today: today, earliest: plan.openedOn, after: "the plan opened")
    }

    /// The machine's event for the command, after the checks only the plan's content can make.
    private func machineEvent(party: PlanParty?, plan: PlanRecord, context: UseCaseContext) throws -> SupportAndActionPlan.Event {
        switch command {
        case .edit: return .edit
        case .acknowledge:
            guard let party else { throw Refusal.forbidden("Your role cannot acknowledge this plan.") }
            try requireSharedConcerns(plan, context: context)
            return .acknowledge(party)
        case .start: return .start
        case .beginReview(let outcomes):
            if Set(outcomes.map(\.number)) != Set(plan.objectives.map(\.number)) {
                throw ValidationFailure(field: "objectiveOutcomes", message: "Review every objective: met, partly_met or not_met, one each.")
            }
            return .beginReview
        case .close(let closing):
            if closing.evidence.trimmingWhitespace().isEmpty { throw ValidationFailure(field: "evidence", message: "Say what shows the outcome.") }
            if closing.outcome == .met, plan.objectives.contains(where: { $0.lastOutcome != ObjectiveOutcome.met.rawValue }) {
                throw Refusal.conflict("Every objective must be met at the review to close the plan as met; close it as not met, extend or escalate it instead.",
                                       kind: "objectives-not-met")
            }
            return .close
        case .extend(let reason, _): return .extend(reason: reason)
        case .escalate(let procedure): return .escalate(procedure: procedure.rawValue)
        case .recordProcedureOutcome(let outcome): return .recordProcedureOutcome(outcome)
        case .cancel(let reason): return .cancel(reason: reason)
        }
    }

    /// A plan is agreed on concerns the NQSW has seen: every linked concern is shared before anyone acknowledges it.
    private func requireSharedConcerns(_ plan: PlanRecord, context: UseCaseContext) throws {
        let linked = Set(plan.concernIDs)
        guard !linked.isEmpty else { return }
        let unshared = try ConcernRepository.concerns(of: enrolment, organisation: context.organisation, on: context.connection)
            .filter { linked.contains($0.id) && $0.sharedOn == nil }
            .min { $0.raisedOn < $1.raisedOn }
        guard let unshared else { return }
        throw RuleBreach(.planOnSharedConcerns, record: "the \(unshared.category.rawValue) concern raised on \(unshared.raisedOn.spoken)", date: unshared.raisedOn,
                         detail: "The \(unshared.category.rawValue) concern raised on \(unshared.raisedOn.spoken) has not been shared with the NQSW; "
                             + "share it before the plan is agreed: concerns are shared promptly and become part of the plan.")
    }
}
