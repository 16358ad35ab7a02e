internal import Foundation
public import Domain
public import Store

/// What a draft support and action plan says: the concerns it answers, the
/// support offered, SMART objectives and when it is next reviewed.
public struct NewPlan: Sendable, Hashable {
    public var concerns: [ConcernID]
    public var support: String
    /// Who does what to support the NQSW, by when: at least one.
    public var supportActions: [AgreedAction]
    public var nextReviewOn: CalendarDay
    public var objectives: [PlanRecord.Objective]
    /// When the plan was opened, if before today (a plan that ran last term, entered later).
    public var occurredOn: CalendarDay?

    public init(concerns: [ConcernID], support: String, supportActions: [AgreedAction], nextReviewOn: CalendarDay, objectives: [PlanRecord.Objective],
                occurredOn: CalendarDay? = nil) {
        self.concerns = concerns
        self.support = support
        self.supportActions = supportActions
        self.nextReviewOn = nextReviewOn
        self.objectives = objectives
        self.occurredOn = occurredOn
    }
}

/// The assessor, line manager or a coordinator drafts a support and action
/// plan; it starts only once the NQSW, assessor and line manager have all
/// acknowledged it.
public struct DraftPlan: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var plan: NewPlan

    public init(_ enrolment: EnrolmentID, _ plan: NewPlan) {
        self.enrolment = enrolment
        self.plan = plan
    }

    public func run(in context: UseCaseContext) throws -> PlanRecord {
        let record = try context.enrolmentForConcerns(enrolment)
        try Refusal.require(EnrolmentAccess.canRaiseConcern(context.caller, record.enrolment),
                            "A plan is written by the NQSW's assessor, line manager or a coordinator.")
        var issues = try context.validateObjectives(plan.objectives, of: record)
        let known = Set(try ConcernRepository.concerns(of: enrolment, organisation: context.organisation, on: context.connection).map(\.id))
        for concern in plan.concerns where !known.contains(concern) {
            issues.append(FieldIssue(field: "concernIds", message: "\(concern) is not a concern about this NQSW."))
        }
        let openedOn = try OccurredOn.resolve(plan.occurredOn, today: context.today, earliest: record.enrolment.startDate, after: "the year started")
        if plan.nextReviewOn <= openedOn {
            issues.append(FieldIssue(field: "nextReviewOn", message: "Set a review date after the plan opens (\(openedOn))."))
        }
        if plan.supportActions.isEmpty {
            issues.append(FieldIssue(field: "supportActions", message: "Say who will do what to support the NQSW, and by when."))
        }
        let enrolled = record.enrolment
        let staff = try PeopleRepository.roles(of: plan.supportActions.map(\.ownerID), in: context.organisation, on: context.connection)
        do {
            try AgreedAction.validate(plan.supportActions, session: openedOn,
                                      people: Set(staff.keys).union([enrolled.nqswID, enrolled.assessorID, enrolled.lineManagerID]), field: "supportActions")
        } catch {
            issues += error.issues
        }
        if !issues.isEmpty { throw ValidationFailure(issues) }
        let drafted = PlanRecord(
            id: UUID(), enrolmentID: enrolment, machine: SupportAndActionPlan(), concernIDs: plan.concerns, support: plan.support,
            nextReviewOn: plan.nextReviewOn, acknowledgements: [:], nqswComments: nil, objectives: plan.objectives, supportActions: plan.supportActions,
            openedOn: openedOn, version: 1)
        try SupportPlanRepository.insert(drafted, organisation: context.organisation, actor: context.actor(on: record.enrolment), on: context.connection)
        return drafted
    }
}

extension UseCaseContext {
    /// Each objective's statements must be in the year's pinned frameworks.
    func validateObjectives(_ objectives: [PlanRecord.Objective], of record: EnrolmentRecord) throws -> [FieldIssue] {
        let pinned = try frameworks(of: record)
        return objectives.flatMap { pinned.validateMapping($0.statements, field: "objectives/\($0.number - 1)/statements") }
    }
}
