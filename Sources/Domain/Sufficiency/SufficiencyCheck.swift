/// The evidence sufficiency check: one finding per criterion, each with the
/// reasons it is not met, plus the counts and coverage a panel reads beside
/// them.
///
/// A pure function of the year's inputs, the two dates and (when the assessor
/// is about to recommend) the proposed outcome, so the same inputs always give
/// the same result and a stored result can be explained later.
///
/// Each rule belongs to exactly one criterion, so changing one kind of fact
/// moves one criterion: mapping and level → accurate (``AccurateCriterion``);
/// dates and timing → valid (``ValidCriterion``); kinds and counts →
/// sufficient (``SufficientCriterion``); verification, consistency and the
/// support history → robust (``RobustCriterion``).
public enum SufficiencyCheck {
    /// Period names as panels read them.
    public static let periodNames = ["months 0–3", "months 3–6", "months 6–9", "months 9–12"]

    public static func run(_ inputs: SufficiencyInputs, dates: CheckDates, proposedOutcome: RecommendedOutcome? = nil) -> SufficiencyResult {
        let view = YearView(inputs, dates: dates, proposedOutcome: proposedOutcome)
        var findings = [
            AccurateCriterion.finding(view),
            ValidCriterion.finding(view),
            SufficientCriterion.finding(view),
            RobustCriterion.finding(view),
        ]
        for index in findings.indices {
            for reason in findings[index].reasons.indices { findings[index].reasons[reason].label = view.label(findings[index].reasons[reason].subject) }
            for reason in findings[index].warnings.indices { findings[index].warnings[reason].label = view.label(findings[index].warnings[reason].subject) }
        }
        return SufficiencyResult(dates: dates, findings: findings, counts: PortfolioCounts(view))
    }
}

/// The check's answer: the four findings and the counts behind them.
public struct SufficiencyResult: Sendable, Hashable {
    public var dates: CheckDates
    public var findings: [SufficiencyFinding]
    public var counts: PortfolioCounts

    public func finding(_ criterion: Criterion) -> SufficiencyFinding? {
        findings.first { $0.criterion == criterion }
    }
}

/// One item as the check counts it at its dates: judgements and verification
/// recorded after the dates are left out, and its standing worked out once.
struct CountedItem: Sendable {
    var item: EvidenceItem
    var standing: EvidenceItem.Standing
    var verified: Bool
    /// 0...3, or `nil` before the year's start.
    var period: Int?

    var title: String { item.title }
    /// "Observation of a home visit" (3 February 2026)
    var named: String { "\"\(item.title)\" (\(item.practiceDate.spoken))" }
}

/// The year as the check reads it at one pair of dates; built once per run
/// so each criterion reads the same facts without recomputing them.
struct YearView: Sendable {
    var inputs: SufficiencyInputs
    var dates: CheckDates
    var items: [CountedItem]
    /// Where periods 1, 2 and 3 begin (period 0 begins at the start).
    var boundaries: [CalendarDay]
    /// The period the as-of date falls in (-1 before the start).
    var currentPeriod: Int
    /// Items by statement or domain code, in practice-date order.
    var byStatement: [String: [Int]]
    var support: SupportHistory
    var reconciliations: [JudgementReconciliation]
    var outcome: RecommendedOutcome?

    var policy: SufficiencyPolicy { inputs.policy }
    var frameworks: PinnedFrameworks { inputs.frameworks }

    init(_ inputs: SufficiencyInputs, dates: CheckDates, proposedOutcome: RecommendedOutcome?) {
        self.inputs = inputs
        self.dates = dates
        let clock = inputs.clock
        boundaries = [clock.start, clock.dueDate(afterMonths: 3), clock.dueDate(afterMonths: 6), clock.dueDate(afterMonths: 9)]
        func period(_ day: CalendarDay, _ boundaries: [CalendarDay]) -> Int? {
            guard day >= boundaries[0] else { return nil }
            return boundaries.lastIndex { $0 <= day }
        }
        let bounds = boundaries
        items = inputs.items
            .filter { dates.counts(happened: $0.practiceDate, entered: $0.addedOn) }
            .sorted { $0.practiceDate != $1.practiceDate ? $0.practiceDate < $1.practiceDate : $0.id.precedes($1.id) }
            .map { item in
                var counted = item
                if item.judgements.contains(where: { !dates.counts(recorded: $0.recordedOn) }) {
                    counted.judgements = item.judgements.filter { dates.counts(recorded: $0.recordedOn) }
                }
                let verified = item.verification.map { dates.counts(recorded: $0.verifiedOn) } ?? false
                return CountedItem(item: counted, standing: counted.standing, verified: verified, period: period(item.practiceDate, bounds))
            }
        currentPeriod = period(dates.asOf, bounds) ?? -1
        var index: [String: [Int]] = [:]
        for (position, counted) in items.enumerated() {
            for code in counted.item.statements { index[code, default: []].append(position) }
        }
        byStatement = index
        let support = inputs.support
        self.support = SupportHistory(
            concerns: support.concerns.filter { dates.counts(happened: $0.raisedOn, entered: $0.enteredOn) },
            plans: support.plans.filter { dates.counts(happened: $0.openedOn, entered: $0.enteredOn) },
            escalations: support.escalations.filter { dates.counts(happened: $0.escalatedOn, entered: $0.enteredOn) },
            recommendation: support.recommendation.flatMap { dates.counts(recorded: $0.submittedOn) ? $0 : nil })
        reconciliations = inputs.reconciliations.filter { dates.counts(recorded: $0.recordedOn) }
        outcome = proposedOutcome ?? self.support.recommendation?.outcome
    }

    /// A statement or domain as panels name it: "KSS 3 Child development", "PCF domain 2 Values and ethics".
    func name(_ statement: FrameworkStatement, _ kind: Framework.Kind) -> String {
        switch kind {
        case .kss: "KSS \(statement.number) \(statement.title)"
        case .pcf: "PCF domain \(statement.number) \(statement.title)"
        }
    }

    /// How a reason's subject is named to a person.
    func label(_ subject: SufficiencyFinding.Subject) -> String? {
        switch subject {
        case .statement(let code):
            if let statement = frameworks.kss.statement(code) { return name(statement, .kss) }
            return frameworks.pcf.statement(code).map { name($0, .pcf) } ?? code
        case .kind(let kind):
            return kind.label
        case .period(let index):
            return SufficiencyCheck.periodNames[index]
        case .reflection(let months):
            return "critical reflection at \(months) months"
        case .item(let id):
            return items.first { $0.item.id == id }?.named
        case .concern(let id):
            return inputs.support.concerns.first { $0.id == id }.map { "\($0.category.rawValue) concern raised on \($0.raisedOn.spoken) by \($0.raisedBy)" }
        case .plan(let id):
            return inputs.support.plans.first { $0.id == id }.map { "support and action plan opened on \($0.openedOn.spoken)" }
        case .escalation(let id):
            return inputs.support.escalations.first { $0.id == id }.map { "fitness-to-practise matter escalated on \($0.escalatedOn.spoken)" }
        case .recommendation:
            return outcome.map { "the \($0.rawValue) recommendation" } ?? "the recommendation"
        case .portfolio:
            return nil
        }
    }

    /// Every statement and domain with its framework's kind, KSS first.
    var statements: [(statement: FrameworkStatement, kind: Framework.Kind)] {
        frameworks.kss.statements.map { ($0, .kss) } + frameworks.pcf.statements.map { ($0, .pcf) }
    }

    /// The counted items mapped to `code`, oldest practice first.
    func evidence(for code: String) -> [CountedItem] {
        (byStatement[code] ?? []).map { items[$0] }
    }

    /// The first and last day of a period as the year's clock has it.
    func span(of period: Int) -> (start: CalendarDay, end: CalendarDay) {
        let end = period < 3 ? boundaries[period + 1].adding(days: -1) : inputs.clock.dueDate(afterMonths: 12).adding(days: -1)
        return (boundaries[period], end)
    }
}

extension EvidenceItem {
    /// The item's title as findings name it: the first line of its
    /// description, shortened to sixty characters.
    public var title: String {
        let firstLine = description.split(whereSeparator: \.isNewline).first.map(String.init) ?? description
        let text = firstLine.trimmingWhitespace()
        return text.count <= 60 ? text : String(text.prefix(57)) + "…"
    }
}

extension JudgementLevel {
    /// "meets", "partly meets", "does not yet meet".
    public var spoken: String {
        switch self {
        case .meets: "meets"
        case .partlyMeets: "partly meets"
        case .doesNotYetMeet: "does not yet meet"
        }
    }
}
