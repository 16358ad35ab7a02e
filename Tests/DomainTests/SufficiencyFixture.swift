import Domain
import Foundation

/// A small framework pair and a complete year of evidence to take apart, one criterion at a time.
struct PortfolioFixture {
    static let kss = Framework(id: "kss-test", kind: .kss, setting: .childAndFamily, version: "1", title: "KSS test", statements: [
        FrameworkStatement(code: "K1", number: 1, title: "Relationships and effective direct work"),
        FrameworkStatement(code: "K2", number: 2, title: "Communication"),
        FrameworkStatement(code: "K3", number: 3, title: "Child development"),
    ])
    static let pcf = Framework(id: "pcf-test", kind: .pcf, setting: nil, version: "1", title: "PCF test", statements: [
        FrameworkStatement(code: "P1", number: 1, title: "Professionalism"),
        FrameworkStatement(code: "P2", number: 2, title: "Values and ethics"),
    ])
    static let frameworks = PinnedFrameworks(kss: kss, pcf: pcf)
    static let start = CalendarDay(year: 2025, month: 1, day: 6)!
    static let clock = YearClock(start: start, fte: .fullTime)
    static let asOf = CalendarDay(year: 2026, month: 1, day: 20)!
    static let assessor = PersonID.random()
    static let enrolment = EnrolmentID.random()

    /// The day `offset` days into `period` (0...3).
    static func day(period: Int, offset: Int = 20) -> CalendarDay {
        start.adding(days: period * 91 + offset)
    }

    /// An item in `period` (0...3), judged `level`, verified unless told otherwise.
    static func item(_ kind: EvidenceKind, period: Int, statements: [String], level: JudgementLevel? = .meets,
                     verified: Bool = true, feedback: String = "Clear analysis of risk and strengths.", title: String? = nil,
                     offset: Int = 20) -> EvidenceItem {
        let day = day(period: period, offset: offset)
        return EvidenceItem(
            id: .random(), enrolmentID: enrolment, kind: kind, practiceDate: day, addedOn: day.adding(days: 2), authorID: assessor,
            description: title ?? "\(kind.rawValue) in period \(period)", statements: statements,
            judgements: level.map { [Judgement(judgeID: assessor, level: $0, feedback: feedback, recordedOn: day.adding(days: 3))] } ?? [],
            verification: verified ? Verification(verifierID: assessor, verifiedOn: day.adding(days: 4)) : nil)
    }

    /// Everything the default policy asks for: every statement in every period, three of each core kind, reflections at 6 and 12 months.
    static var complete: [EvidenceItem] {
        var items: [EvidenceItem] = []
        let kinds: [EvidenceKind] = [.directObservation, .personFeedback, .professionalFeedback, .writtenReport]
        for period in 0..<4 {
            for (index, kind) in kinds.enumerated() where period < 3 {
                items.append(item(kind, period: period, statements: index % 2 == 0 ? ["K1", "K2", "P1"] : ["K3", "P2"]))
            }
        }
        items.append(item(.directObservation, period: 3, statements: ["K1", "K2", "K3", "P1", "P2"]))
        items.append(item(.criticalReflection, period: 1, statements: ["K2", "P1"]))
        items.append(item(.criticalReflection, period: 3, statements: ["K3", "P2"]))
        return items
    }

    static func concern(raisedOn: CalendarDay, outcomeOn: CalendarDay?, severity: Concern.Severity = .developmental) -> ConcernMatter {
        ConcernMatter(id: .random(), raisedOn: raisedOn, enteredOn: raisedOn, raisedBy: "Alex Assessor", category: .progress, severity: severity,
                      summary: "Assessments are repeatedly late", outcomeOn: outcomeOn)
    }

    static func inputs(_ items: [EvidenceItem], policy: SufficiencyPolicy = .standard, support: SupportHistory = .none,
                       reconciliations: [JudgementReconciliation] = []) -> SufficiencyInputs {
        SufficiencyInputs(items: items, frameworks: frameworks, clock: clock, policy: policy, support: support, reconciliations: reconciliations)
    }

    static func result(_ items: [EvidenceItem], policy: SufficiencyPolicy = .standard, support: SupportHistory = .none,
                       reconciliations: [JudgementReconciliation] = [], asOf: CalendarDay = asOf, knownAt: CalendarDay? = nil,
                       proposedOutcome: RecommendedOutcome? = nil) -> SufficiencyResult {
        SufficiencyCheck.run(inputs(items, policy: policy, support: support, reconciliations: reconciliations),
                             dates: CheckDates(asOf: asOf, knownAt: knownAt), proposedOutcome: proposedOutcome)
    }

    static func check(_ items: [EvidenceItem], policy: SufficiencyPolicy = .standard, support: SupportHistory = .none,
                      reconciliations: [JudgementReconciliation] = [], asOf: CalendarDay = asOf, knownAt: CalendarDay? = nil,
                      proposedOutcome: RecommendedOutcome? = nil) -> [Criterion: SufficiencyFinding] {
        let findings = result(items, policy: policy, support: support, reconciliations: reconciliations, asOf: asOf, knownAt: knownAt,
                              proposedOutcome: proposedOutcome).findings
        return Dictionary(uniqueKeysWithValues: findings.map { ($0.criterion, $0) })
    }

    static func unmet(_ findings: [Criterion: SufficiencyFinding]) -> Set<Criterion> {
        Set(findings.values.filter { !$0.met }.map(\.criterion))
    }

    static func texts(_ finding: SufficiencyFinding?) -> [String] {
        finding?.reasons.map(\.text) ?? []
    }
}
