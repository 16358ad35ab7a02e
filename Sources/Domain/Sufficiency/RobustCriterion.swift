/// Robust: checked and consistent, leading to a defensible judgement. Reads
/// verification, whether judgements agree with each other, and the support
/// history: concerns, plans, fitness-to-practise matters and the outcome.
enum RobustCriterion {
    typealias Reason = SufficiencyFinding.Reason

    static func finding(_ view: YearView) -> SufficiencyFinding {
        var reasons: [Reason] = []
        var warnings: [Reason] = []
        verification(view, reasons: &reasons, warnings: &warnings)
        judgements(view, reasons: &reasons)
        consistency(view, reasons: &reasons)
        support(view, reasons: &reasons)
        return SufficiencyFinding(criterion: .robust, reasons: reasons, warnings: warnings)
    }

    /// Every item that counts is verified against its source, unless the
    /// organisation's policy explicitly tolerates a share unverified; then the
    /// unverified items are still listed, as warnings. Each unverified item is
    /// named by title and date.
    static func verification(_ view: YearView, reasons: inout [Reason], warnings: inout [Reason]) {
        let total = view.items.count
        guard total > 0 else {
            reasons.append(.init(.portfolio, "No evidence is recorded yet, so nothing has been checked.",
                                 remedy: "Add evidence and verify it against its source."))
            return
        }
        // One reason listing every unverified item (not grouped by kind: a kind
        // is a sufficient fact, and changing it must not move this criterion).
        let unchecked = view.items.filter { !$0.verified }
        let count = unchecked.count
        let unverified = unchecked.isEmpty ? [] : [Reason(
            .portfolio, "Not verified against \(count == 1 ? "its" : "their") source: \(unchecked.map(\.named).joined(separator: "; ")).",
            remedy: "Verify \(count == 1 ? "it" : "each") with its source (the person, record or observer).", evidence: unchecked.map(\.id))]
        let share = view.policy.verifiedShare
        let verified = total - count
        if share >= 1 {
            reasons += unverified
        } else if Double(verified) < share * Double(total) {
            reasons.append(.init(.portfolio,
                                 "\(verified) of \(total) items verified against their source (\(verified * 100 / total)%); the policy asks for \(Int((share * 100).rounded()))%.",
                                 remedy: "Verify the items listed below."))
            reasons += unverified
        } else {
            warnings += unverified
        }
    }

    /// Each item's judgements agree; reflections carry written feedback; a
    /// suspicion of generative-AI use is answered by a presentation.
    static func judgements(_ view: YearView, reasons: inout [Reason]) {
        for counted in view.items {
            if case .contradictory(let levels) = counted.standing {
                let named = levels.map(\.spoken).sorted().joined(separator: " and ")
                reasons.append(.init(.item(counted.id), "\(counted.named) has contradictory judgements (\(named)) not yet resolved.",
                                     remedy: "Record a resolving judgement that says which level stands and why.", evidence: [counted.id]))
            }
            if counted.kind == .criticalReflection, !counted.judgements.contains(where: { !$0.feedback.trimmingWhitespace().isEmpty }) {
                reasons.append(.init(.item(counted.id), "Critical reflection \(counted.named) has no written assessor feedback.",
                                     remedy: "Write feedback on the reflection against the KSS and PCF.", evidence: [counted.id]))
            }
        }
        let requirement = PresentationRequirement.among(view.items.lazy.map { ($0.id, $0.kind, $0.practiceDate, $0.aiUseSuspected, $0.judgements) })
        if let requirement, !requirement.isAnswered, let first = requirement.flags.first,
           let flagged = view.items.first(where: { $0.id == first.evidenceID }) {
            reasons.append(.init(.kind(.presentation),
                                 "Generative-AI use was suspected in \(flagged.named): the final critical reflection must be given as a presentation, "
                                     + "and none with the assessor's written feedback is recorded since.",
                                 remedy: "Record the NQSW's presentation of the final critical reflection, and write feedback on it.",
                                 evidence: requirement.flags.map(\.evidenceID)))
        }
    }

    /// An item judged below the expected level on a statement, followed by a
    /// final judgement of met on the same statement, needs a recorded
    /// reconciliation that links the later evidence. One reason per
    /// statement, naming the latest met item and every unreconciled item
    /// below it (the first three in words, all of them by id).
    static func consistency(_ view: YearView, reasons: inout [Reason]) {
        var reconciled: Set<ReconciledPair> = []
        for reconciliation in view.reconciliations {
            reconciled.insert(ReconciledPair(statement: reconciliation.statement, below: reconciliation.belowItem))
        }
        for (statement, kind, slot) in view.statements {
            let judged = view.evidence(at: slot).filter { $0.standing.level != nil }
            guard let final = judged.last, final.standing.level == .meets else { continue }
            let unreconciled = judged.dropLast().filter { below in
                below.standing.level != .meets && !reconciled.contains(ReconciledPair(statement: statement.code, below: below.id))
            }
            guard !unreconciled.isEmpty else { continue }
            let named = unreconciled.prefix(3).map { "\($0.named), judged \($0.standing.level?.spoken ?? "")" }
            let more = unreconciled.count > 3 ? " and \(unreconciled.count - 3) more" : ""
            let verb = unreconciled.count == 1 ? "was" : "were"
            reasons.append(.init(
                .statement(statement.code),
                "\(view.name(statement, kind)): \(named.joined(separator: "; "))\(more) \(verb) below the expected level, and the latest, \(final.named), is judged meets, with nothing recorded that reconciles them.",
                remedy: "Record a reconciliation linking the later evidence that shows the gap closed, or revisit the judgements.",
                evidence: unreconciled.map(\.id) + [final.id]))
        }
    }

    private struct ReconciledPair: Hashable {
        var statement: String
        var below: EvidenceID
    }

    /// Open concerns, plans not closed as met, open fitness-to-practise
    /// matters, and a FAIL with no concern or plan ever recorded.
    static func support(_ view: YearView, reasons: inout [Reason]) {
        let dates = view.dates
        for concern in view.support.concerns where !(concern.outcomeOn.map(dates.counts(recorded:)) ?? false) {
            // A fitness-to-practise concern's detail stays with the principal social worker; the finding names it without it.
            let detail = concern.severity == .fitnessToPractise ? "" : " (\"\(concern.summary)\")"
            reasons.append(.init(
                .concern(concern.id),
                "The \(concern.severity.spoken) \(concern.category.rawValue) concern raised on \(concern.raisedOn.spoken) by \(concern.raisedBy)\(detail) is still open without a recorded outcome.",
                remedy: "Record the concern's outcome, or show how it is being addressed in a support and action plan."))
        }
        for plan in view.support.plans {
            let opened = "The support and action plan opened on \(plan.openedOn.spoken) (\"\(plan.summary)\")"
            switch plan.ending.flatMap({ dates.counts(recorded: $0.day) ? $0 : nil }) {
            case nil:
                reasons.append(.init(.plan(plan.id), "\(opened) is still in progress: its objectives are not yet met.",
                                     remedy: "Review the plan's objectives and close it when they are met."))
            case .escalated(let day, let procedure, let outcome):
                let result = outcome.map { "; its outcome: \"\($0)\"" } ?? ", which has no recorded outcome yet"
                reasons.append(.init(.plan(plan.id), "\(opened) was escalated on \(day.spoken) to the \(procedure) procedure\(result).",
                                     remedy: "Say in the recommendation how the formal procedure and its outcome were weighed."))
            case .closed(let day, met: false):
                reasons.append(.init(.plan(plan.id), "\(opened) was closed on \(day.spoken) with its objectives not met.",
                                     remedy: "Say in the recommendation how the unmet objectives were weighed."))
            case .closed, .cancelled:
                break
            }
        }
        for escalation in view.support.escalations where !(escalation.decidedOn.map(dates.counts(recorded:)) ?? false) {
            let source = view.inputs.support.concerns.first { $0.id == escalation.concernID }
                .map { " from the \($0.category.rawValue) concern raised on \($0.raisedOn.spoken) by \($0.raisedBy)" } ?? ""
            reasons.append(.init(
                .escalation(escalation.id),
                "A possible fitness-to-practise matter escalated to the principal social worker on \(escalation.escalatedOn.spoken)\(source) is still open.",
                remedy: "The principal social worker records a decision on the matter."))
        }
        if view.outcome == .fail && view.support.concerns.isEmpty && view.support.plans.isEmpty {
            reasons.append(.init(
                .recommendation,
                "The recommendation is FAIL, but no concern was raised and no support and action plan recorded in the year.",
                remedy: "Concerns should be shared promptly and form part of a support and action plan: record them and the support given, or explain why none was recorded."))
        }
    }
}

extension Concern.Severity {
    /// "developmental", "serious", "fitness-to-practise".
    public var spoken: String {
        switch self {
        case .developmental: "developmental"
        case .serious: "serious"
        case .fitnessToPractise: "fitness-to-practise"
        }
    }
}

extension String {
    /// The text with its first letter in capitals, for a label opening a sentence.
    public var capitalisingFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
