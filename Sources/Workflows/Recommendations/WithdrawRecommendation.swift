public import Domain
public import Store

/// The assessor or a coordinator withdraws a recommendation, with a reason, before a decision.
public struct WithdrawRecommendation: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var reason: String
    public var expectedVersion: Int?

    public init(_ enrolment: EnrolmentID, reason: String, expectedVersion: Int?) {
        self.enrolment = enrolment
        self.reason = reason
        self.expectedVersion = expectedVersion
    }

    public func run(in context: UseCaseContext) throws -> RecommendationRecord {
        let enrolment = try context.visibleEnrolment(self.enrolment).enrolment
        try Refusal.require(EnrolmentAccess.canAssess(context.caller, enrolment) || EnrolmentAccess.canChange(context.caller, enrolment),
                            "The assessor or a coordinator withdraws a recommendation.")
        guard var record = try RecommendationRepository.find(for: enrolment.id, organisation: context.organisation, on: context.connection) else {
            throw Refusal.notFound("recommendation")
        }
        try Refusal.requireVersion(expectedVersion, current: record.version)
        do { _ = try record.machine.apply(.withdraw(reason: reason)) } catch {
            throw Refusal.conflict("\(error.reason) (state: \(error.state.name))", kind: "recommendation-transition-refused")
        }
        guard try RecommendationRepository.save(record, creating: false, expectedVersion: record.version, newVersion: nil,
                                                organisation: context.organisation, action: "recommendation.withdrawn", reason: reason,
                                                actor: context.actor(on: enrolment), on: context.connection)
        else { throw Refusal.stale(current: record.version + 1) }
        guard let saved = try RecommendationRepository.find(for: enrolment.id, organisation: context.organisation, on: context.connection) else {
            throw Refusal.notFound("recommendation")
        }
        return saved
    }
}
