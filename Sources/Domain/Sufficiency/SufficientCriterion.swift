/// Sufficient: a broad and varied range of different types of evidence.
/// Reads only the kinds of the items and how many there are of each.
enum SufficientCriterion {
    static func finding(_ view: YearView) -> SufficiencyFinding {
        var reasons: [SufficiencyFinding.Reason] = []
        let byKind = counts(view)
        for (kind, minimum) in view.policy.minimumPerKind.sorted(by: { $0.key < $1.key }) where byKind[kind, default: 0] < minimum {
            let count = byKind[kind, default: 0]
            let missing = minimum - count
            reasons.append(.init(.kind(kind), "\(count) of \(minimum) pieces of \(kind.label).",
                                 remedy: "Add \(missing) more piece\(missing == 1 ? "" : "s") of \(kind.label)."))
        }
        if byKind.count < view.policy.minimumDistinctKinds {
            let found = byKind.sorted { $0.key < $1.key }.map { "\($0.key.label) (\($0.value))" }
            let absent = EvidenceKind.allCases.filter { byKind[$0] == nil && $0 != .other }.map(\.label)
            reasons.append(.init(
                .portfolio,
                found.isEmpty
                    ? "No evidence yet; a holistic view needs at least \(view.policy.minimumDistinctKinds) different kinds."
                    : "\(byKind.count) different kind\(byKind.count == 1 ? "" : "s") of evidence: \(found.joined(separator: ", ")); a holistic view needs at least \(view.policy.minimumDistinctKinds).",
                remedy: "Add evidence of another kind: \(absent.joined(separator: ", "))."))
        }
        return SufficiencyFinding(criterion: .sufficient, reasons: reasons)
    }

    static func counts(_ view: YearView) -> [EvidenceKind: Int] {
        view.kindCounts
    }
}
