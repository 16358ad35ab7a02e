/// The evidence sufficiency check: one finding per criterion, each with the
/// reasons it is not met, naming the statement, kind, period or item.
///
/// A pure function of the portfolio, the year's clock, the policy and the
/// as-of date, so the same inputs always give the same findings and a stored
/// result can be explained later. Only evidence of practice up to the as-of
/// date, entered by then, counts.
public enum SufficiencyCheck {
    /// Period names as panels read them.
    public static let periodNames = ["months 0–3", "months 3–6", "months 6–9", "months 9–12"]

    public static func run(
        portfolio: [EvidenceItem], frameworks: PinnedFrameworks, clock: YearClock, policy: SufficiencyPolicy,
        openMatters: OpenMatters = .none, asOf: CalendarDay
    ) -> [SufficiencyFinding] {
        let boundaries = [clock.start, clock.dueDate(afterMonths: 3), clock.dueDate(afterMonths: 6), clock.dueDate(afterMonths: 9)]
        func period(_ day: CalendarDay) -> Int? {
            guard day >= boundaries[0] else { return nil }
            return (boundaries.lastIndex { $0 <= day })!
        }
        let items = portfolio.filter { $0.practiceDate <= asOf && $0.addedOn <= asOf }
        let located = items.map { (item: $0, period: period($0.practiceDate)) }
        let currentPeriod = period(asOf) ?? -1
        return [
            accurate(located.map(\.item), frameworks: frameworks, policy: policy),
            valid(located, frameworks: frameworks, policy: policy, currentPeriod: currentPeriod),
            sufficient(located, policy: policy, currentPeriod: currentPeriod),
            robust(items, openMatters: openMatters, policy: policy),
        ]
    }

    static func accurate(_ items: [EvidenceItem], frameworks: PinnedFrameworks, policy: SufficiencyPolicy) -> SufficiencyFinding {
        var mapped: [String: [EvidenceItem]] = [:]
        for item in items {
            for code in item.statements { mapped[code, default: []].append(item) }
        }
        var reasons: [SufficiencyFinding.Reason] = []
        let requirements = frameworks.kss.statements.map { ($0, policy.itemsPerStatement, frameworks.kss) }
            + frameworks.pcf.statements.map { ($0, policy.itemsPerPCFDomain, frameworks.pcf) }
        for (statement, needed, framework) in requirements where needed > 0 {
            let evidence = mapped[statement.code] ?? []
            let atLevel = evidence.filter { $0.standing.level == .meets }.count
            guard atLevel < needed else { continue }
            let noun = framework.kind == .kss ? "KSS \(statement.number)" : "PCF domain \(statement.number)"
            let detail = evidence.isEmpty
                ? "no evidence is mapped to it"
                : "\(atLevel) of the \(needed) needed item\(needed == 1 ? "" : "s") judged at the expected level (\(summary(evidence)))"
            reasons.append(.init(.statement(statement.code), "\(noun) \(statement.title): \(detail)."))
        }
        return SufficiencyFinding(criterion: .accurate, reasons: reasons)
    }

    static func valid(
        _ located: [(item: EvidenceItem, period: Int?)], frameworks: PinnedFrameworks, policy: SufficiencyPolicy, currentPeriod: Int
    ) -> SufficiencyFinding {
        var reasons: [SufficiencyFinding.Reason] = []
        // Every period that has ended holds evidence.
        let periodsWithEvidence = Set(located.compactMap(\.period))
        for index in 0..<min(max(currentPeriod, 0), 4) where !periodsWithEvidence.contains(index) {
            reasons.append(.init(.period(index), "No evidence of practice in \(periodNames[index]): the portfolio must show the whole year."))
        }
        // Once the final period has begun, every statement needs evidence from before it.
        if policy.requireEvidenceBeforeFinalPeriod && currentPeriod >= 3 {
            var earlier: Set<String> = []
            for (item, period) in located where (period ?? 3) < 3 { earlier.formUnion(item.statements) }
            for statement in frameworks.kss.statements where !earlier.contains(statement.code) {
                reasons.append(.init(.statement(statement.code),
                    "KSS \(statement.number) \(statement.title): no evidence before \(periodNames[3]), so progressive development cannot be shown."))
            }
        }
        return SufficiencyFinding(criterion: .valid, reasons: reasons)
    }

    static func sufficient(_ located: [(item: EvidenceItem, period: Int?)], policy: SufficiencyPolicy, currentPeriod: Int) -> SufficiencyFinding {
        var reasons: [SufficiencyFinding.Reason] = []
        var byKind: [EvidenceKind: Int] = [:]
        for (item, _) in located { byKind[item.kind, default: 0] += 1 }
        for (kind, minimum) in policy.minimumPerKind.sorted(by: { $0.key < $1.key }) where byKind[kind, default: 0] < minimum {
            reasons.append(.init(.kind(kind), "\(byKind[kind, default: 0]) of \(minimum) pieces of \(kind.label)."))
        }
        for months in policy.criticalReflectionsAt.sorted() {
            let index = max(0, min(3, months / 3 - 1))
            guard index < currentPeriod || (index == 3 && currentPeriod >= 3) else { continue }
            let present = located.contains { ($0.item.kind == .criticalReflection || $0.item.kind == .presentation) && $0.period == index }
            if !present {
                reasons.append(.init(.period(index), "No critical reflection at \(months) months (\(periodNames[index]))."))
            }
        }
        if byKind.count < policy.minimumDistinctKinds {
            reasons.append(.init(.portfolio, "\(byKind.count) different kinds of evidence; a holistic view needs at least \(policy.minimumDistinctKinds)."))
        }
        return SufficiencyFinding(criterion: .sufficient, reasons: reasons)
    }

    static func robust(_ items: [EvidenceItem], openMatters: OpenMatters, policy: SufficiencyPolicy) -> SufficiencyFinding {
        var reasons: [SufficiencyFinding.Reason] = []
        let verified = items.filter { $0.verification != nil }.count
        if Double(verified) < policy.verifiedShare * Double(items.count) || items.isEmpty {
            let percent = items.isEmpty ? 0 : verified * 100 / items.count
            reasons.append(.init(.portfolio, "\(verified) of \(items.count) items verified against their source (\(percent)%); policy asks for \(Int(policy.verifiedShare * 100))%."))
        }
        for item in items {
            if case .contradictory(let levels) = item.standing {
                let named = levels.map(\.rawValue).sorted().joined(separator: " and ")
                reasons.append(.init(.item(item.id), "\"\(excerpt(item))\" has contradictory judgements (\(named)) not yet resolved."))
            }
            if item.kind == .criticalReflection, !item.judgements.contains(where: { !$0.feedback.trimmingWhitespace().isEmpty }) {
                reasons.append(.init(.item(item.id), "Critical reflection \"\(excerpt(item))\" has no written assessor feedback."))
            }
        }
        if let flagged = items.first(where: \.aiUseSuspected), !items.contains(where: { $0.kind == .presentation }) {
            reasons.append(.init(.kind(.presentation),
                "Generative-AI use was suspected in \"\(excerpt(flagged))\": the final critical reflection must be given as a presentation, and none is recorded."))
        }
        if openMatters.openConcerns > 0 {
            reasons.append(.init(.portfolio, "\(openMatters.openConcerns) concern\(openMatters.openConcerns == 1 ? " is" : "s are") still open without a recorded outcome."))
        }
        if openMatters.activeSupportPlans > 0 {
            reasons.append(.init(.portfolio, "A support and action plan is still active without a recorded outcome."))
        }
        return SufficiencyFinding(criterion: .robust, reasons: reasons)
    }

    private static func summary(_ items: [EvidenceItem]) -> String {
        var counts: [String: Int] = [:]
        for item in items {
            let label = switch item.standing {
            case .unjudged: "not yet judged"
            case .contradictory: "contradictory"
            case .judged(let judgement): judgement.level.rawValue.replacingUnderscores()
            }
            counts[label, default: 0] += 1
        }
        return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    private static func excerpt(_ item: EvidenceItem) -> String {
        let text = item.description.trimmingWhitespace()
        return text.count <= 60 ? text : String(text.prefix(57)) + "…"
    }
}

extension String {
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
