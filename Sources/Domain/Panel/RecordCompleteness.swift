/// What moderation checks before the criteria: is the year's record
/// complete? Every tracker line a year must finish (the agreements, the
/// reviews, the observations and reflections, the final report) and the
/// panel's signed decision. A gap is named, in words.
public enum RecordCompleteness {
    /// Lines that follow the decision or may not apply: they are not gaps.
    static let notRequired: Set<String> = ["panel", "certificate_seen", "support_plan"]

    public static func gaps(_ tracker: Tracker, decisionSigned: Bool) -> [String] {
        var gaps = tracker.lines.filter { !notRequired.contains($0.key) && $0.status != .done }.map { "\($0.label): not done" }
        if !decisionSigned { gaps.append("The panel's decision is not signed") }
        return gaps
    }
}
