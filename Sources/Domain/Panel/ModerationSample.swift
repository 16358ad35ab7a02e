/// The cases moderation looks at: every FAIL, every near miss or borderline
/// case, and a seeded random share of the rest — reproducible from the seed,
/// which is recorded with the sample.
public enum ModerationSample {
    /// A decided (or ready) case as sampling sees it.
    public struct Case: Sendable, Hashable {
        public var id: EnrolmentID
        public var outcome: RecommendedOutcome
        /// Marked borderline by the assessor.
        public var borderline: Bool
        /// Where a graded scale is used (seed 001: 1–7, 3 or lower fails, 3 is a near miss).
        public var grade: Int?

        public init(id: EnrolmentID, outcome: RecommendedOutcome, borderline: Bool = false, grade: Int? = nil) {
            self.id = id
            self.outcome = outcome
            self.borderline = borderline
            self.grade = grade
        }

        var mustBeSampled: Bool { outcome == .fail || borderline || grade == 3 }
    }

    /// Draws the sample. `share` of the remaining cases, rounded up, chosen by
    /// a seeded generator over the cases in id order so the same seed and
    /// cases always give the same sample.
    public static func draw(_ cases: [Case], share: Double, seed: UInt64) -> [EnrolmentID] {
        let required = cases.filter(\.mustBeSampled).map(\.id)
        var rest = cases.filter { !$0.mustBeSampled }.map(\.id).sorted { $0.description < $1.description }
        let count = min(rest.count, Int((Double(rest.count) * max(0, min(1, share))).rounded(.up)))
        var generator = SplitMix64(seed: seed)
        // Partial Fisher–Yates: the first `count` positions become the random pick.
        for index in 0..<count {
            let pick = index + Int(generator.next() % UInt64(rest.count - index))
            rest.swapAt(index, pick)
        }
        return (required + rest.prefix(count)).sorted { $0.description < $1.description }
    }
}

/// A small, fixed pseudo-random generator (SplitMix64): the same seed gives the
/// same numbers on every platform and Swift version, unlike the system's.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
