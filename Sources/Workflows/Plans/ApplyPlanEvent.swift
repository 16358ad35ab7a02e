public import Foundation
public import Domain
public import Store

/// One step in a plan's life (``PlanCommand``), by whoever the step belongs
/// to (``PlanAccess``), through the plan's machine, at the version read.
public struct ApplyPlanEvent: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var plan: UUID
    public var expectedVersion: Int?
    public var command: PlanCommand

    public init(_ enrolment: EnrolmentID, plan: UUID, expectedVersion: Int?, command: PlanCommand) {
        self.enrolment = enrolment
        self.plan = plan
        self.expectedVersion = expectedVersion
        self.command = command
    }

    public func run(in context: UseCaseContext) throws -> PlanRecord {
        let (record, current) = try context.visiblePlan(enrolment, plan)
        let action = command.action
        let party = PlanAccess.party(context.caller, record.enrolment)
        try Refusal.require(PlanAccess.canApply(action, context.caller, record.enrolment),
                            "Your role cannot \(action.rawValue.replacingOccurrences(of: "_", with: " ")) this plan.")
        try Refusal.requireVersion(expectedVersion, current: current.version)
        var next = current
        let event = try machineEvent(party: party, plan: current, context: context)
        let effects: [SupportAndActionPlan.Effect]
        do { effects = try next.machine.apply(event) } catch {
            throw Refusal.conflict("\(error.reason) (state: \(error.state.name), event: \(action.rawValue))", kind: "plan-transition-refused")
        }
        var changes = [FieldChange(field: "state", before: nil, after: next.machine.state.name)]
        var reviews: [ObjectiveReview] = []
        var reason: String?
        switch command {
        case .edit(let support, let nextReviewOn, let objectives):
            next.acknowledgements = [:]
            if let support { next.support = support }
            if let nextReviewOn { next.nextReviewOn = nextReviewOn }
            if let objectives, !objectives.isEmpty { next.objectives = objectives }
            changes.append(FieldChange(field: "acknowledgements", before: nil, after: "cleared"))
        case .acknowledge(let comments):
            if let party {
                next.acknowledgements[party] = context.today
                if party == .nqsw, let comments { next.nqswComments = comments }
            }
        case .beginReview(let outcomes):
            reviews = outcomes
        case .extend(let why, let nextReviewOn):
            reason = why
            changes.append(FieldChange(field: "nextReviewOn", before: current.nextReviewOn.description, after: nextReviewOn.description))
            next.nextReviewOn = nextReviewOn
        case .cancel(let why):
            reason = why
        case .close(let closing):
            next.closing = closing
            reason = closing.evidence
            changes.append(FieldChange(field: "closingOutcome", before: nil, after: closing.outcome.rawValue))
        case .start, .escalate, .recordProcedureOutcome:
            break
        }
        if effects.contains(.agreed) { changes.append(FieldChange(field: "agreed", before: nil, after: context.today.description)) }
        let role = party?.rawValue ?? (EnrolmentAccess.canChange(context.caller, record.enrolment) ? Role.coordinator.rawValue : Role.hr.rawValue)
        var objectivesChanged = false
        if case .edit(_, _, let objectives) = command { objectivesChanged = objectives != nil }
        guard try SupportPlanRepository.save(
            next, expectedVersion: current.version, organisation: context.organisation, objectivesChanged: objectivesChanged,
            objectiveReviews: reviews, action: "plan.\(action.rawValue)", reason: reason, changes: changes, reviewedOn: context.today,
            actor: context.actor(named: role), on: context.connection)
        else { throw Refusal.stale(current: current.version + 1) }
        return try context.visiblePlan(enrolment, plan).1
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
