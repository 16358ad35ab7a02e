public import Domain
internal import Store

/// The NQSW's current assessor judges an item against the expected level,
/// with written feedback (required on critical reflections), optionally
/// settling earlier contradictory judgements or flagging suspected AI use.
public struct JudgeEvidence: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var evidence: EvidenceID
    public var level: JudgementLevel
    public var feedback: String
    /// Settles earlier judgements that contradict each other.
    public var resolution: Bool
    /// On critical reflections only: the assessor suspects generative-AI use (nil: not said).
    public var aiUseSuspected: Bool?
    /// On the graded scale, for a direct observation where the organisation grades.
    public var grade: Int?

    public init(_ enrolment: EnrolmentID, _ evidence: EvidenceID, level: JudgementLevel, feedback: String, resolution: Bool, aiUseSuspected: Bool?,
                grade: Int? = nil) {
        self.grade = grade
        self.enrolment = enrolment
        self.evidence = evidence
        self.level = level
        self.feedback = feedback
        self.resolution = resolution
        self.aiUseSuspected = aiUseSuspected
    }

    public func run(in context: UseCaseContext) throws -> EvidenceItem {
        let (record, item) = try context.visibleEvidence(enrolment, evidence)
        try Refusal.require(EnrolmentAccess.canAssess(context.caller, record.enrolment), "Only the NQSW's current assessor judges evidence.")
        var issues = FieldIssues()
        if item.kind == .criticalReflection && feedback.trimmingWhitespace().isEmpty {
            issues.add("feedback", "A critical reflection log needs written assessor feedback.")
        }
        if aiUseSuspected != nil && item.kind != .criticalReflection {
            issues.add("aiUseSuspected", "Suspected AI use is flagged on critical reflections only.")
        }
        try issues.throwIfAny()
        let grading = try PolicyRepository.panel(for: context.organisation, on: context.connection).policy.gradedScale
        try GradedScale.check(observationGrade: grade, kind: item.kind, grading: grading)
        try EvidenceRepository.addJudgement(
            Judgement(judgeID: context.caller.personID, level: level, feedback: feedback, recordedOn: context.today, isResolution: resolution, grade: grade),
            to: evidence, organisation: context.organisation, aiUseSuspected: aiUseSuspected, actor: context.actor(.assessor), on: context.connection)
        return try context.visibleEvidence(enrolment, evidence).1
    }
}
