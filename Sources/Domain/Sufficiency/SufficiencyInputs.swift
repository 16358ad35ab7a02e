/// What the check reads about one year, loaded once and checkable at any
/// date: the evidence, the pinned frameworks, the year's clock, the
/// organisation's policy, the support history and the reconciliations.
public struct SufficiencyInputs: Sendable {
    /// In practice-date order (ties by id), the order every criterion reads them in.
    public let items: [EvidenceItem]
    public let frameworks: PinnedFrameworks
    public var clock: YearClock
    public var policy: SufficiencyPolicy
    public var support: SupportHistory
    public var reconciliations: [JudgementReconciliation]
    /// Worked out once per inputs, not per check: inputs are cached and
    /// checked at many dates. Each item as findings name it (naming is most of
    /// a check's text), and where each item's statements are in
    /// `frameworks.allStatements` (so a check indexes by position, not by hashing codes).
    let names: [String]
    let slots: [[Int]]

    public init(items: [EvidenceItem], frameworks: PinnedFrameworks, clock: YearClock, policy: SufficiencyPolicy,
                support: SupportHistory = .none, reconciliations: [JudgementReconciliation] = []) {
        let sorted = items.sorted(by: Self.precedes)
        self.items = sorted
        names = sorted.map(\.named)
        var positions: [String: Int] = [:]
        for (position, statement) in frameworks.allStatements.enumerated() { positions[statement.code] = position }
        slots = sorted.map { item in item.statements.compactMap { positions[$0] } }
        self.frameworks = frameworks
        self.clock = clock
        self.policy = policy
        self.support = support
        self.reconciliations = reconciliations
    }
}

extension SufficiencyInputs {
    /// Practice date, then id: a total order, the same in every process.
    static func precedes(_ lhs: EvidenceItem, _ rhs: EvidenceItem) -> Bool {
        lhs.practiceDate != rhs.practiceDate ? lhs.practiceDate < rhs.practiceDate : lhs.id.precedes(rhs.id)
    }
}

/// The two dates a check is read at.
///
/// `asOf` counts what had *happened* by then (practice dates, meeting dates,
/// the day a concern was raised), including records entered later — an
/// employer moving onto Quorum enters months of history with the dates it
/// happened. `knownAt`, when given, also leaves out what had not yet been
/// *recorded* by then, so a check can be read as someone saw it that day.
/// Judgements, verifications and reconciliations carry one date, the day they
/// were recorded, which is both.
public struct CheckDates: Sendable, Hashable {
    public var asOf: CalendarDay
    public var knownAt: CalendarDay?

    public init(asOf: CalendarDay, knownAt: CalendarDay? = nil) {
        self.asOf = asOf
        self.knownAt = knownAt
    }

    /// A record that happened on `happened` and was entered on `entered` counts.
    public func counts(happened: CalendarDay, entered: CalendarDay) -> Bool {
        happened <= asOf && knownAt.map { entered <= $0 } ?? true
    }

    /// A record whose one date is the day it was recorded counts.
    public func counts(recorded day: CalendarDay) -> Bool {
        counts(happened: day, entered: day)
    }

    /// Both dates lie within the year so far: from its start to today.
    public static func validate(asOf: CalendarDay, knownAt: CalendarDay?, yearStart: CalendarDay, today: CalendarDay) throws(ValidationFailure) {
        var issues = FieldIssues()
        for (field, day) in [("asOf", asOf), ("knownAt", knownAt)] {
            guard let day else { continue }
            if day < yearStart {
                issues.add(field, "\(day) is before the year began on \(yearStart): the check reads the year from its start.")
            } else if day > today {
                issues.add(field, "\(day) is after today (\(today)): the check counts what has happened and been recorded, not what is planned.")
            }
        }
        try issues.throwIfAny()
    }
}
