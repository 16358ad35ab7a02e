public import Foundation
public import Domain
internal import Store

/// A moderator assigned to the sample agrees or disagrees with a case's
/// judgement against the four criteria; a disagreement opens a dispute.
public struct ReviewModerationCase: TransactionalUseCase {
    public var sample: UUID
    public var number: Int
    public var review: ModerationReview

    public init(_ sample: UUID, number: Int, review: ModerationReview) {
        self.sample = sample
        self.number = number
        self.review = review
    }

    public func run(in context: UseCaseContext) throws -> VisibleSample {
        try review.validate()
        let visible = try context.visibleSample(sample)
        guard case .moderator(let external) = visible.standing else { throw Refusal.forbidden("Only the sample's moderators record reviews.") }
        let sampled = try context.sampledCase(number, in: visible)
        // The record's completeness comes before the criteria: a decision on an incomplete record is not agreed with.
        if review.verdict == .agree, let record = visible.cases[sampled.caseID],
           let enrolment = try EnrolmentRepository.find(record.enrolmentID, in: context.organisation, on: context.connection) {
            let tracker = try TrackerRepository.tracker(for: enrolment, asOf: context.today, on: context.connection)
            let gaps = RecordCompleteness.gaps(tracker, decisionSigned: record.decision?.signedOn != nil)
            if !gaps.isEmpty {
                throw Refusal.conflict("The record is incomplete (\(gaps.joined(separator: "; "))); disagree, saying against which criteria, "
                    + "rather than agree with a decision made on it.", kind: "record-incomplete")
            }
        }
        _ = try ModerationRepository.insertReview(review, sample: sample, case: sampled.caseID, moderator: context.caller.personID, external: external,
                                                  organisation: context.organisation, actor: context.actor(.moderator), on: context.connection)
        return try context.visibleSample(sample)
    }
}
