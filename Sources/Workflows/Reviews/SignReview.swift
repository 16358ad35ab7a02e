public import Domain
internal import Store

/// The NQSW, their current assessor or line manager signs their part of a
/// review; the third signature completes it. After a change of assessor the
/// review must record the circumstances first (seed 000).
public struct SignReview: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var review: ReviewID
    public var expectedVersion: Int?
    /// The day signed, if before today (a signature on paper entered later).
    public var signedOn: CalendarDay?

    public init(_ enrolment: EnrolmentID, _ review: ReviewID, expectedVersion: Int?, signedOn: CalendarDay? = nil) {
        self.enrolment = enrolment
        self.review = review
        self.expectedVersion = expectedVersion
        self.signedOn = signedOn
    }

    public func run(in context: UseCaseContext) throws -> Review {
        let (record, current) = try context.visibleReview(enrolment, review)
        guard let signer = EnrolmentAccess.reviewSigner(context.caller, record.enrolment) else {
            throw Refusal.forbidden("A review is signed by the NQSW, their current assessor and their line manager.")
        }
        try Refusal.requireVersion(expectedVersion, current: current.version)
        var machine = current.machine
        let effects: [ReviewMachine.Effect]
        do { effects = try machine.apply(.sign(signer)) } catch {
            throw Refusal.conflict("\(error.reason) (state: \(current.machine.state.name), event: sign as \(signer.rawValue))", kind: "review-sign-refused")
        }
        let changes = try context.assessorChanges(record, reviewHeldOn: current.heldOn, excluding: current.id)
        try UseCaseContext.requireCircumstances(current.assessorChangeCircumstances, cover: changes, when: "recorded before signing")
        let day = try OccurredOn.resolve(signedOn, today: context.today, earliest: current.heldOn, after: "the review was held", field: "signedOn")
        guard try ReviewRepository.sign(review, as: signer, by: context.caller.personID, on: day, expectedVersion: current.version,
                                         organisation: context.organisation, completes: effects.contains(.completed),
                                         actor: context.actor(named: signer.rawValue), on: context.connection)
        else { throw Refusal.stale(current: current.version + 1) }
        var next = current
        next.signatures[signer] = day
        next.version += 1
        return next
    }
}
