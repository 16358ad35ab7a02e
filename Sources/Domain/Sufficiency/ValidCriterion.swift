/// Valid: breadth and depth throughout the year, and progressive development.
/// Reads only when things happened: practice dates against the year's periods,
/// and critical reflections at the points the policy names.
enum ValidCriterion {
    static func finding(_ view: YearView) -> SufficiencyFinding {
        var reasons: [SufficiencyFinding.Reason] = []
        // Every period that has ended holds evidence of practice.
        let periodsWithEvidence = Set(view.items.compactMap(\.period))
        for index in 0..<min(max(view.currentPeriod, 0), 4) where !periodsWithEvidence.contains(index) {
            let span = view.span(of: index)
            reasons.append(.init(
                .period(index),
                "No evidence of practice in \(SufficiencyCheck.periodNames[index]) (\(span.start.spoken) to \(span.end.spoken)): the portfolio must show the whole year.",
                remedy: "Add evidence of practice from that period with the date it happened; evidence entered later counts by its practice date."))
        }
        // Critical reflections at the policy's points: due once their period
        // has ended, and the final one from the start of the final period.
        for months in Set(view.policy.criticalReflectionsAt).sorted() {
            let index = max(0, min(3, months / 3 - 1))
            guard index < view.currentPeriod || (index == 3 && view.currentPeriod >= 3) else { continue }
            let present = view.items.contains { ($0.kind == .criticalReflection || $0.kind == .presentation) && $0.period == index }
            guard !present else { continue }
            let span = view.span(of: index)
            reasons.append(.init(
                .reflection(months: months),
                "No critical reflection at \(months) months: none is dated in \(SufficiencyCheck.periodNames[index]) (\(span.start.spoken) to \(span.end.spoken)).",
                remedy: "Record the NQSW's critical reflection for the \(months)-month point, dated when it was written."))
        }
        return SufficiencyFinding(criterion: .valid, reasons: reasons)
    }
}
