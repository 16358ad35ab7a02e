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
/// A class: every criterion passes items around, and a reference is one
/// retain where a copy of the item's fields is a dozen.
final class CountedItem: Sendable {
    let id: EvidenceID
    let kind: EvidenceKind
    let practiceDate: CalendarDay
    let aiUseSuspected: Bool
    /// The judgements recorded by the dates.
    let judgements: [Judgement]
    let standing: EvidenceItem.Standing
    let verified: Bool
    /// 0...3, or `nil` before the year's start.
    let period: Int?
    /// "Observation of a home visit" (3 February 2026)
    let named: String

    /// Copies only what the criteria read (not the item's description, file or mappings).
    init(_ item: EvidenceItem, judgements: [Judgement], verified: Bool, period: Int?, named: String) {
        id = item.id
        kind = item.kind
        practiceDate = item.practiceDate
        aiUseSuspected = item.aiUseSuspected
        self.judgements = judgements
        standing = EvidenceItem.standing(of: judgements)
        self.verified = verified
        self.period = period
        self.named = named
    }
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
    /// Positions in ``items`` by statement, in `frameworks.allStatements` order.
    var byStatement: [[Int]]
    /// Counted items of each kind.
    var kindCounts: [EvidenceKind: Int]
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
        // Inputs keep items in order, so the counted ones are in order too.
        var counted: [CountedItem] = []
        counted.reserveCapacity(inputs.items.count)
        var index = [[Int]](repeating: [], count: inputs.frameworks.allStatements.count)
        var kinds: [EvidenceKind: Int] = [:]
        for (source, item) in inputs.items.enumerated() where dates.counts(happened: item.practiceDate, entered: item.addedOn) {
            let judgements = item.judgements.contains(where: { !dates.counts(recorded: $0.recordedOn) })
                ? item.judgements.filter { dates.counts(recorded: $0.recordedOn) } : item.judgements
            let verified = item.verification.map { dates.counts(recorded: $0.verifiedOn) } ?? false
            for slot in inputs.slots[source] { index[slot].append(counted.count) }
            kinds[item.kind, default: 0] += 1
            counted.append(CountedItem(item, judgements: judgements, verified: verified, period: period(item.practiceDate, bounds),
                                       named: inputs.names[source]))
        }
        items = counted
        byStatement = index
        kindCounts = kinds
        currentPeriod = period(dates.asOf, bounds) ?? -1
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
            return items.first { $0.id == id }?.named
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

    /// Every statement and domain with its framework's kind, KSS first (the order of `frameworks.allStatements`).
    var statements: [(statement: FrameworkStatement, kind: Framework.Kind, slot: Int)] {
        frameworks.kss.statements.enumerated().map { ($1, .kss, $0) }
            + frameworks.pcf.statements.enumerated().map { ($1, .pcf, frameworks.kss.statements.count + $0) }
    }

    /// The counted items mapped to the statement at `slot`, oldest practice first.
    func evidence(at slot: Int) -> [CountedItem] {
        byStatement[slot].map { items[$0] }
    }

    /// The first and last day of a period as the year's clock has it.
    func span(of period: Int) -> (start: CalendarDay, end: CalendarDay) {
        let end = period < 3 ? boundaries[period + 1].adding(days: -1) : inputs.clock.dueDate(afterMonths: 12).adding(days: -1)
        return (boundaries[period], end)
    }
}

extension EvidenceItem {
    /// The item as findings name it: "Observation of a home visit" (3 February 2026).
    var named: String { "\"\(title)\" (\(practiceDate.spoken))" }

    /// The item's title as findings name it: the first line of its
    /// description, shortened to sixty characters. Reads only as far as it
    /// needs (a description may run to 4,000 characters and a check names
    /// many items).
    public var title: String {
        var description = description
        let fast: String?? = description.withUTF8 { bytes in
            // Leading whitespace, then the first line; ASCII lines (the common case) never need characters counted.
            var start = 0
            while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            var end = start
            var ascii = true
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D {
                if bytes[end] >= 0x80 { ascii = false }
                end += 1
            }
            guard ascii else { return .none }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            if end - start <= 60 { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }
            var cut = start + 57
            while cut > start, bytes[cut - 1] == 0x20 { cut -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cut]), as: UTF8.self) + "…"
        }
        if let fast = fast.flatMap({ $0 }) { return fast }
        let line = description.prefix { !$0.isNewline }.drop { $0.isWhitespace }
        if line.prefix(61).count <= 60 { return String(line).trimmingWhitespace() }
        return String(line.prefix(57)).trimmingWhitespace() + "…"
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
