/// How an organisation runs its panels and moderation, versioned like its
/// other policies: the shipped default applies until a coordinator sets one.
public struct PanelPolicy: Sendable, Hashable, Codable {
    /// Members a panel needs, the chair included, and free of conflict for each case.
    public var quorum: Int
    /// Members see case numbers, not names, in panel packs.
    public var anonymised: Bool
    /// The share of cases that are neither FAILs nor borderline drawn at random for moderation.
    public var moderationShare: Double
    /// Assessors grade on the 1–7 scale (seed 001): 3 or lower fails, 3 is a near miss.
    public var gradedScale: Bool

    public init(quorum: Int = 3, anonymised: Bool = false, moderationShare: Double = 0.10, gradedScale: Bool = false) {
        self.quorum = quorum
        self.anonymised = anonymised
        self.moderationShare = moderationShare
        self.gradedScale = gradedScale
    }

    /// The default: three members, names shown, 10 % random share, no graded scale.
    public static let standard = PanelPolicy()

    /// Refuses a policy that would let a panel decide with fewer than three.
    public func validate() throws(ValidationFailure) {
        var issues = FieldIssues()
        if !(3...12).contains(quorum) { issues.add("quorum", "A panel's quorum is between 3 (the minimum, chair included) and 12.") }
        if !(0...1).contains(moderationShare) || moderationShare.isNaN { issues.add("moderationShare", "A share between 0 and 1 (0.1 is 10 %).") }
        try issues.throwIfAny()
    }
}
