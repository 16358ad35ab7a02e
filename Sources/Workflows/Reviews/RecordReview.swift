public import Domain
internal import Store

/// What the assessor or line manager writes when recording a review.
public struct NewReview: Sendable, Hashable {
    public var milestone: Int
    public var heldOn: CalendarDay
    public var progress: String
    public var statements: [String]
    public var assessorComments: String
    public var lineManagerComments: String
    public var agreedActions: String
    public var assessorChangeCircumstances: String?
    /// A signed review this one amends, and why.
    public var amends: ReviewID?
    public var amendmentReason: String?

    public init(milestone: Int, heldOn: CalendarDay, progress: String, statements: [String], assessorComments: String, lineManagerComments: String,
                agreedActions: String, assessorChangeCircumstances: String?, amends: ReviewID?, amendmentReason: String?) {
        self.milestone = milestone
        self.heldOn = heldOn
        self.progress = progress
        self.statements = statements
        self.assessorComments = assessorComments
        self.lineManagerComments = lineManagerComments
        self.agreedActions = agreedActions
        self.assessorChangeCircumstances = assessorChangeCircumstances
        self.amends = amends
        self.amendmentReason = amendmentReason
    }
}

/// The assessor or line manager records a review held, as a draft the three
/// then comment on and sign; or an amendment of a signed one.
public struct RecordReview: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var review: NewReview

    public init(_ enrolment: EnrolmentID, _ review: NewReview) {
        self.enrolment = enrolment
        self.review = review
    }

    public func run(in context: UseCaseContext) throws -> Review {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canWriteReview(context.caller, record.enrolment), "Reviews are written by the NQSW's assessor or line manager.")
        if let amends = review.amends {
            guard let original = try ReviewRepository.find(amends, enrolment: enrolment, organisation: context.organisation, on: context.connection) else {
                throw ValidationFailure(field: "amendsReviewId", message: "No such review of this year.")
            }
            guard original.machine.state == .signed else {
                throw Refusal.conflict("Only a signed review is amended; edit the draft instead.", kind: "review-not-signed")
            }
        }
        // A change of assessor since the last review: the circumstances start from the
        // handover records, and must account for each change.
        let changes = try context.assessorChanges(record, reviewHeldOn: review.heldOn, excluding: nil)
        var circumstances = review.assessorChangeCircumstances
        if !changes.isEmpty {
            if (circumstances ?? "").trimmingWhitespace().isEmpty { circumstances = AssessorChangeSummary.prefill(changes) }
            try UseCaseContext.requireCircumstances(circumstances, cover: changes, when: "in this review")
        }
        let created = Review(
            id: .random(), enrolmentID: enrolment, milestone: review.milestone, heldOn: review.heldOn, progress: review.progress,
            statements: review.statements, assessorComments: review.assessorComments, lineManagerComments: review.lineManagerComments,
            nqswComments: "", agreedActions: review.agreedActions, assessorChangeCircumstances: circumstances,
            amends: review.amends, amendmentReason: review.amendmentReason)
        try created.validate(yearStart: record.enrolment.startDate, today: context.today, frameworks: try context.frameworks(of: record),
                             assessorChanged: false)
        let clock = try ClockRepository.clock(for: record.enrolment, on: context.connection)
        if !clock.policy.reviewMonths.contains(created.milestone) {
            throw ValidationFailure(field: "milestone", message: "This organisation does not hold a \(created.milestone)-month review (its year policy).")
        }
        try clock.checkReview(milestone: created.milestone, heldOn: created.heldOn)
        try ReviewRepository.insert(created, organisation: context.organisation, actor: context.actor(on: record.enrolment), on: context.connection)
        // The check as of the day the review was held is kept with it: what the review's judgement could rely on.
        let checked = try context.sufficiency(of: record, dates: CheckDates(asOf: created.heldOn))
        try SufficiencyRunRepository.insert(
            try checked.run(occasion: .review, source: (created.id.uuid, created.version), note: nil, by: context.caller.personID, on: context.today),
            organisation: context.organisation, actor: context.actor(on: record.enrolment), on: context.connection)
        return created
    }
}
