/// Accurate: consistent with the KSS and the PCF at ASYE level. Reads only
/// which statements each item is mapped to and the level it is judged at.
enum AccurateCriterion {
    static func finding(_ view: YearView) -> SufficiencyFinding {
        var reasons: [SufficiencyFinding.Reason] = []
        for (statement, kind, slot) in view.statements {
            let needed = kind == .kss ? view.policy.itemsPerStatement : view.policy.itemsPerPCFDomain
            let evidence = view.evidence(at: slot)
            let name = view.name(statement, kind)
            let level = kind == .kss ? "the expected level" : "ASYE level"
            let atLevel = evidence.filter { $0.standing.level == .meets }.count
            if needed > 0 && atLevel < needed {
                if evidence.isEmpty {
                    reasons.append(.init(.statement(statement.code), "\(name): no evidence is mapped to it.",
                                         remedy: "Map evidence that shows it and judge it against \(level)."))
                } else {
                    let below = evidence.filter { ($0.standing.level ?? .meets) != .meets }
                    reasons.append(.init(
                        .statement(statement.code),
                        "\(name): \(atLevel) of the \(needed) needed item\(needed == 1 ? "" : "s") judged at \(level) (\(summary(evidence))).",
                        remedy: below.isEmpty
                            ? "Judge the mapped evidence against \(level), or add evidence that meets it."
                            : "Add evidence judged to meet \(level); the items judged below it stay on the record.",
                        evidence: below.map(\.id)))
                }
                continue
            }
            // Where the NQSW is now: the most recent judged evidence on it.
            if let latest = evidence.last(where: { $0.standing.level != nil }), let judged = latest.standing.level, judged != .meets {
                reasons.append(.init(
                    .statement(statement.code),
                    "\(name): the latest evidence, \(latest.named), is judged \(judged.spoken), below \(level).",
                    remedy: "Add later evidence judged to meet \(level), or revisit that judgement.",
                    evidence: [latest.id]))
            }
        }
        return SufficiencyFinding(criterion: .accurate, reasons: reasons)
    }

    /// "2 meets, 1 partly meets, 1 not yet judged".
    private static func summary(_ items: [CountedItem]) -> String {
        var counts: [String: Int] = [:]
        for counted in items {
            let label = switch counted.standing {
            case .unjudged: "not yet judged"
            case .contradictory: "contradictory"
            case .judged(let judgement): judgement.level.spoken
            }
            counts[label, default: 0] += 1
        }
        return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}
