/// An organisation's thresholds for the four criteria, with the national
/// guidance as defaults. Versioned: a stored result names the version it was
/// checked under, and changing the policy never rewrites it.
public struct SufficiencyPolicy: Sendable, Hashable, Codable {
    public var version: Int
    /// Accurate: items judged at the expected level each statement needs.
    public var itemsPerStatement: Int
    /// Accurate: the same for each PCF domain.
    public var itemsPerPCFDomain: Int
    /// Sufficient: minimum items of each kind across the year.
    public var minimumPerKind: [EvidenceKind: Int]
    /// Valid: critical reflections are due at these points (months).
    public var criticalReflectionsAt: [Int]
    /// Sufficient: at least this many different kinds.
    public var minimumDistinctKinds: Int
    /// Robust: share of items verified against their source, 0...1. The
    /// national guidance tolerates no unchecked evidence, so the default is 1;
    /// below 1, the unverified items are still listed as warnings.
    public var verifiedShare: Double

    public init(
        version: Int = 1, itemsPerStatement: Int = 1, itemsPerPCFDomain: Int = 1,
        minimumPerKind: [EvidenceKind: Int] = [.directObservation: 3, .personFeedback: 3, .professionalFeedback: 3, .writtenReport: 3],
        criticalReflectionsAt: [Int] = [6, 12], minimumDistinctKinds: Int = 5, verifiedShare: Double = 1
    ) {
        self.version = version
        self.itemsPerStatement = itemsPerStatement
        self.itemsPerPCFDomain = itemsPerPCFDomain
        self.minimumPerKind = minimumPerKind
        self.criticalReflectionsAt = criticalReflectionsAt
        self.minimumDistinctKinds = minimumDistinctKinds
        self.verifiedShare = verifiedShare
    }

    /// The shipped default (national ASYE guidance).
    public static let standard = SufficiencyPolicy()
}

extension EvidenceKind: CodingKeyRepresentable {}

extension SufficiencyPolicy {
    /// Ranges a coordinator may set; every issue named by field.
    public func validate() throws(ValidationFailure) {
        var issues = FieldIssues()
        if !(0...20).contains(itemsPerStatement) { issues.add("itemsPerStatement", "From 0 to 20.") }
        if !(0...20).contains(itemsPerPCFDomain) { issues.add("itemsPerPCFDomain", "From 0 to 20.") }
        for (kind, minimum) in minimumPerKind where !(0...50).contains(minimum) {
            issues.add("minimumPerKind/\(kind.rawValue)", "From 0 to 50.")
        }
        if criticalReflectionsAt.contains(where: { ![3, 6, 9, 12].contains($0) }) {
            issues.add("criticalReflectionsAt", "Months of the year's reviews: 3, 6, 9 or 12.")
        }
        if !(0...EvidenceKind.allCases.count).contains(minimumDistinctKinds) {
            issues.add("minimumDistinctKinds", "From 0 to \(EvidenceKind.allCases.count).")
        }
        if !(0...1).contains(verifiedShare) { issues.add("verifiedShare", "A share from 0 to 1.") }
        try issues.throwIfAny()
    }
}
