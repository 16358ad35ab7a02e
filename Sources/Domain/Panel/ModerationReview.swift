/// A moderator's view of one sampled case: agree or disagree with the
/// decision, with comments against the four criteria. A disagreement opens a
/// dispute the panel chair and the moderator settle on the evidence; it never
/// overturns the employer's decision by itself.
public struct ModerationReview: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        case agree
        case disagree
    }

    public var verdict: Verdict
    /// Comments by criterion (accurate, valid, sufficient, robust).
    public var comments: [Criterion: String]

    public init(verdict: Verdict, comments: [Criterion: String]) {
        self.verdict = verdict
        self.comments = comments.filter { !$0.value.trimmingWhitespace().isEmpty }
    }

    /// A disagreement says where: at least one criterion's comment.
    public func validate() throws(ValidationFailure) {
        if verdict == .disagree && comments.isEmpty {
            throw ValidationFailure(field: "comments", message: "Say against which criteria (accurate, valid, sufficient, robust) you disagree, and why.")
        }
    }

    /// Whether recording it opens a dispute.
    public var opensDispute: Bool { verdict == .disagree }
}
