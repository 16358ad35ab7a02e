/// What the check counted, shown beside every result so a panel can see the
/// shape of the portfolio: items by kind against the policy's minimums, the
/// span of practice dates, items per period, and coverage of every KSS
/// statement and PCF domain.
public struct PortfolioCounts: Sendable, Hashable {
    public struct KindCount: Sendable, Hashable {
        public var kind: EvidenceKind
        public var count: Int
        /// The policy's minimum for the kind, if it sets one.
        public var minimum: Int?
    }

    public struct PeriodCount: Sendable, Hashable {
        public var period: Int
        public var start: CalendarDay
        public var end: CalendarDay
        public var count: Int
    }

    public struct Coverage: Sendable, Hashable {
        public var framework: Framework.Kind
        public var statement: FrameworkStatement
        public var items: Int
        public var meets: Int
        /// Judged partly meets or does not yet meet.
        public var below: Int
        public var unjudged: Int
        public var contradictory: Int
        public var latestPractice: CalendarDay?
    }

    public var items: Int
    public var verified: Int
    public var earliestPractice: CalendarDay?
    public var latestPractice: CalendarDay?
    /// Every kind, in a stable order, with zero where none is recorded.
    public var byKind: [KindCount]
    public var periods: [PeriodCount]
    /// Items practised before the year's start (they count for no period).
    public var beforeStart: Int
    public var coverage: [Coverage]

    init(_ view: YearView) {
        items = view.items.count
        verified = view.items.filter(\.verified).count
        earliestPractice = view.items.first?.practiceDate
        latestPractice = view.items.last?.practiceDate
        let kinds = SufficientCriterion.counts(view)
        byKind = EvidenceKind.allCases.sorted().map { KindCount(kind: $0, count: kinds[$0, default: 0], minimum: view.policy.minimumPerKind[$0]) }
        var perPeriod = [0, 0, 0, 0]
        var before = 0
        for counted in view.items {
            if let period = counted.period { perPeriod[period] += 1 } else { before += 1 }
        }
        periods = (0..<4).map { index in
            let span = view.span(of: index)
            return PeriodCount(period: index, start: span.start, end: span.end, count: perPeriod[index])
        }
        beforeStart = before
        coverage = view.statements.map { statement, kind, slot in
            var row = Coverage(framework: kind, statement: statement, items: 0, meets: 0, below: 0, unjudged: 0, contradictory: 0, latestPractice: nil)
            for counted in view.evidence(at: slot) {
                row.items += 1
                row.latestPractice = counted.practiceDate
                switch counted.standing {
                case .unjudged: row.unjudged += 1
                case .contradictory: row.contradictory += 1
                case .judged(let judgement):
                    if judgement.level == .meets { row.meets += 1 } else { row.below += 1 }
                }
            }
            return row
        }
    }
}
