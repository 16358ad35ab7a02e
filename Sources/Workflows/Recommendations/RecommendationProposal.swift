internal import Foundation
public import Domain
internal import Store

/// What the assessor recommends and why: the outcome, the rationale, and a
/// justification for each criterion the sufficiency check found unmet.
public struct RecommendationProposal: Sendable, Hashable {
    public var outcome: RecommendedOutcome
    public var rationale: String
    public var borderline: Bool
    /// 1–7 where the organisation grades (seed 001).
    public var grade: Int?
    public var justifications: [Criterion: String]
    /// The day it was made, when entered later: not after today, not before
    /// the final review (nor, for an amendment, the version it amends).
    public var occurredOn: CalendarDay?

    public init(outcome: RecommendedOutcome, rationale: String, borderline: Bool, grade: Int?, justifications: [Criterion: String],
                occurredOn: CalendarDay? = nil) {
        self.occurredOn = occurredOn
        self.outcome = outcome
        self.rationale = rationale
        self.borderline = borderline
        self.grade = grade
        self.justifications = justifications
    }
}

/// An amendment: why, and the version the assessor amends.
struct Amendment {
    var reason: String
    var expectedVersion: Int?
}

extension UseCaseContext {
    /// Records a new version of the recommendation — the first (submission)
    /// or a later one (amendment) — with a snapshot of the findings and
    /// evidence as they are today. Only the current assessor recommends, and
    /// only once the final review is recorded.
    func recordRecommendation(_ enrolment: EnrolmentID, _ proposal: RecommendationProposal, amendment: Amendment?) throws -> RecommendationRecord {
        let enrolmentRecord = try visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canAssess(caller, enrolmentRecord.enrolment),
                            "Only the NQSW's current assessor makes the final recommendation.")
        guard let finalReview = try ReviewRepository.reviews(of: enrolment, organisation: organisation, on: connection).last(where: \.isFinal) else {
            let due = try ClockRepository.clock(for: enrolmentRecord.enrolment, on: connection).dueDate(afterMonths: 12)
            throw RuleBreach(.recommendationAfterFinalReview, record: "the final (12-month) review", date: due,
                             detail: "The recommendation is recorded at the final (12-month) review, which falls due on \(due.spoken); "
                                 + "record that review first.")
        }
        // Locked: an amendment and a panel's decision on the same recommendation take turns.
        let existing = try RecommendationRepository.find(for: enrolment, organisation: organisation, locking: true, on: connection)
        if amendment != nil, let recorded = try PanelCaseRepository.cases(enrolment: enrolment, organisation: organisation, on: connection)
            .first(where: { if case .recorded = $0.machine.state { true } else { false } }) {
            throw Refusal.conflict("A panel has recorded its decision on version \(existing?.versions.last?.number ?? 1) of the recommendation "
                + "(case \(recorded.caseNumber)); it stands until the chair signs it or the coordinator releases the case, so the recommendation "
                + "cannot be amended now.", kind: "decision-recorded")
        }
        let day: CalendarDay
        if let previous = existing?.versions.last, amendment != nil {
            day = try OccurredOn.resolve(proposal.occurredOn, today: today, earliest: previous.submittedOn, after: "the version it amends")
        } else {
            day = try OccurredOn.resolve(proposal.occurredOn, today: today, earliest: finalReview.heldOn, after: "the final review")
        }
        // The check as the panel will read it: as of the day it was made, with the outcome proposed.
        let checked = try sufficiency(of: enrolmentRecord, dates: CheckDates(asOf: day), proposedOutcome: proposal.outcome)
        try RecommendationSubmission.validate(outcome: proposal.outcome, rationale: proposal.rationale, findings: checked.result.findings,
                                              justifications: proposal.justifications)
        try GradedScale.check(grade: proposal.grade, outcome: proposal.outcome,
                              grading: try PolicyRepository.panel(for: organisation, on: connection).policy.gradedScale)
        if amendment == nil && existing != nil { throw Refusal.conflict("A recommendation is already submitted; amend it with a reason.", kind: "already-submitted") }
        if amendment != nil && existing == nil { throw Refusal.notFound("recommendation") }
        var record = existing ?? RecommendationRecord(id: UUID(), enrolmentID: enrolment, machine: RecommendationMachine(), versions: [], version: 1)
        if let amendment { try Refusal.requireVersion(amendment.expectedVersion, current: record.version) }
        do {
            _ = try record.machine.apply(amendment.map { .amend(reason: $0.reason) } ?? .submit)
        } catch {
            throw Refusal.conflict("\(error.reason) (state: \(error.state.name))", kind: "recommendation-transition-refused")
        }
        let snapshot = RecommendationSnapshot(sufficiency: checked.report, evidence: checked.inputs.items.map(EvidenceDocument.init))
        let newVersion = RecommendationRecord.Version(
            number: (record.versions.last?.number ?? 0) + 1, outcome: proposal.outcome, rationale: proposal.rationale, borderline: proposal.borderline,
            grade: proposal.grade, justifications: Dictionary(uniqueKeysWithValues: proposal.justifications.map { ($0.key.rawValue, $0.value) }),
            snapshot: try snapshot.json(), amendmentReason: amendment?.reason, submittedBy: caller.personID, submittedOn: day)
        guard try RecommendationRepository.save(record, creating: existing == nil, expectedVersion: record.version, newVersion: newVersion,
                                                organisation: organisation, action: amendment == nil ? "recommendation.submitted" : "recommendation.amended",
                                                reason: amendment?.reason, actor: actor(.assessor), on: connection)
        else { throw Refusal.stale(current: record.version + 1) }
        guard let saved = try RecommendationRepository.find(for: enrolment, organisation: organisation, on: connection) else {
            throw Refusal.notFound("recommendation")
        }
        // Kept as a run too, so the year's list of checks shows what each version relied on.
        try SufficiencyRunRepository.insert(
            try checked.run(occasion: .recommendation, source: (saved.id, newVersion.number), note: nil, by: caller.personID, on: today),
            organisation: organisation, actor: actor(.assessor), on: connection)
        return saved
    }
}
