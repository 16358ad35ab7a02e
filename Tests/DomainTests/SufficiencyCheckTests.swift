import Domain
import PropertyBased
import Testing

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

    /// An item in `period` (0...3), judged `level`, verified unless told otherwise.
    static func item(_ kind: EvidenceKind, period: Int, statements: [String], level: JudgementLevel = .meets,
                     verified: Bool = true, feedback: String = "Clear analysis of risk and strengths.") -> EvidenceItem {
        let day = start.adding(days: period * 91 + 20)
        return EvidenceItem(
            id: .random(), enrolmentID: enrolment, kind: kind, practiceDate: day, addedOn: day.adding(days: 2), authorID: assessor,
            description: "\(kind.rawValue) in period \(period)", statements: statements,
            judgements: [Judgement(judgeID: assessor, level: level, feedback: feedback, recordedOn: day.adding(days: 3))],
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

    static func check(_ items: [EvidenceItem], policy: SufficiencyPolicy = .standard, openMatters: OpenMatters = .none, asOf: CalendarDay = asOf) -> [Criterion: SufficiencyFinding] {
        let findings = SufficiencyCheck.run(portfolio: items, frameworks: frameworks, clock: clock, policy: policy, openMatters: openMatters, asOf: asOf)
        return Dictionary(uniqueKeysWithValues: findings.map { ($0.criterion, $0) })
    }

    static func unmet(_ findings: [Criterion: SufficiencyFinding]) -> Set<Criterion> {
        Set(findings.values.filter { !$0.met }.map(\.criterion))
    }
}

@Suite struct SufficiencyCheckTests {
    typealias F = PortfolioFixture

    /// The complete portfolio meets all four criteria.
    @Test func completePortfolio_meetsAllFour() {
        let findings = F.check(F.complete)
        #expect(F.unmet(findings) == [], "\(findings.values.flatMap(\.reasons).map(\.text))")
        #expect(findings.count == 4)
    }

    /// Accurate fails alone when a statement has no item judged at the expected level, and names it.
    @Test func accurate_failsAlone_namingStatement() {
        let items = F.complete.map { item -> EvidenceItem in
            guard item.statements.contains("K3") else { return item }
            var copy = item
            copy.statements = item.statements.filter { $0 != "K3" }
            if copy.statements.isEmpty { copy.statements = ["P2"] }
            return copy
        } + [F.item(.writtenReport, period: 1, statements: ["K3"], level: .partlyMeets)]
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.accurate])
        #expect(findings[.accurate]?.reasons.map(\.subject) == [.statement("K3")])
        #expect(findings[.accurate]?.reasons.first?.text.contains("Child development") == true)
        #expect(findings[.accurate]?.reasons.first?.text.contains("1 partly meets") == true)
    }

    /// Valid fails alone when a period of the year holds no evidence, naming the period.
    @Test func valid_failsAlone_namingPeriod() {
        // Months 6–9 emptied; the same kinds of evidence moved to the final period so only the spread suffers.
        let items = F.complete.filter { F.clock.period(of: $0.practiceDate) != 2 }
            + [EvidenceKind.personFeedback, .professionalFeedback, .writtenReport].map { F.item($0, period: 3, statements: ["K1", "P1"]) }
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.valid])
        #expect(findings[.valid]?.reasons.map(\.subject) == [.period(2)])
        #expect(findings[.valid]?.reasons.first?.text.contains("months 6–9") == true)
    }

    /// Valid also fails when a statement is evidenced only in the final period.
    @Test func valid_statementOnlyInFinalPeriod_isNamed() {
        let items = F.complete.map { item -> EvidenceItem in
            var copy = item
            if F.clock.period(of: item.practiceDate)! < 3 { copy.statements = item.statements.filter { $0 != "K1" } }
            if copy.statements.isEmpty { copy.statements = ["P1"] }
            return copy
        }
        let findings = F.check(items)
        #expect(findings[.valid]?.reasons.map(\.subject) == [.statement("K1")])
    }

    /// Sufficient fails alone with too few direct observations, naming the kind and the numbers.
    @Test func sufficient_failsAlone_namingKind() {
        var items = F.complete
        items.removeAll { $0.kind == .directObservation && F.clock.period(of: $0.practiceDate) == 3 }
        items.removeAll { $0.kind == .directObservation && F.clock.period(of: $0.practiceDate) == 0 }
        items.append(F.item(.supervisionNote, period: 3, statements: ["K1", "K2", "K3", "P1", "P2"]))
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.sufficient])
        #expect(findings[.sufficient]?.reasons.map(\.subject) == [.kind(.directObservation)])
        #expect(findings[.sufficient]?.reasons.first?.text == "2 of 3 pieces of direct observation of practice.")
    }

    /// Sufficient names a missing critical reflection at six months.
    @Test func sufficient_missingReflection_namesPoint() {
        let items = F.complete.filter { !($0.kind == .criticalReflection && F.clock.period(of: $0.practiceDate) == 1) }
        let findings = F.check(items)
        #expect(findings[.sufficient]?.reasons.map(\.subject) == [.period(1)])
    }

    /// Robust fails alone when too few items are verified.
    @Test func robust_failsAlone_onVerification() {
        let items = F.complete.enumerated().map { index, item -> EvidenceItem in
            var copy = item
            if index % 3 != 0 { copy.verification = nil }
            return copy
        }
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.robust])
        #expect(findings[.robust]?.reasons.map(\.subject) == [.portfolio])
    }

    /// Robust names contradictory items, reflections without feedback, a missing presentation and open matters.
    @Test func robust_namesEachInconsistency() {
        var items = F.complete
        items[0].judgements.append(Judgement(judgeID: .random(), level: .doesNotYetMeet, feedback: "no", recordedOn: F.asOf))
        let reflection = items.firstIndex { $0.kind == .criticalReflection }!
        items[reflection].judgements = [Judgement(judgeID: F.assessor, level: .meets, feedback: " ", recordedOn: F.asOf)]
        items[reflection].aiUseSuspected = true
        let findings = F.check(items, openMatters: OpenMatters(openConcerns: 1, activeSupportPlans: 1))
        let subjects = findings[.robust]?.reasons.map(\.subject) ?? []
        #expect(subjects.contains(.item(items[0].id)))
        #expect(subjects.contains(.item(items[reflection].id)))
        #expect(subjects.contains(.kind(.presentation)))
        #expect(subjects.filter { $0 == .portfolio }.count == 2)
        // Once the presentation is recorded, that reason goes.
        items.append(F.item(.presentation, period: 3, statements: ["K1"]))
        #expect(!(F.check(items)[.robust]?.reasons.map(\.subject).contains(.kind(.presentation)) ?? true))
    }

    /// Evidence of practice after the as-of date, or entered after it, does not count.
    @Test func asOf_ignoresLaterEvidence() {
        let early = CalendarDay(year: 2025, month: 5, day: 1)!
        let findings = F.check(F.complete, asOf: early)
        #expect(findings[.sufficient]?.met == false)
        #expect(findings[.valid]?.reasons.isEmpty == true, "only periods already ended are required")
    }

    /// A stricter policy turns a met criterion unmet; the portfolio is unchanged.
    @Test func policy_thresholdsComeFromPolicy() {
        var strict = SufficiencyPolicy.standard
        strict.minimumPerKind[.directObservation] = 6
        #expect(F.unmet(F.check(F.complete, policy: strict)) == [.sufficient])
    }
}

/// Invariants over random portfolios.
@Suite struct SufficiencyPropertyTests {
    typealias F = PortfolioFixture
    static let codes = ["K1", "K2", "K3", "P1", "P2"]
    static let kinds: [EvidenceKind] = [.directObservation, .personFeedback, .professionalFeedback, .writtenReport, .criticalReflection, .supervisionNote, .other]

    /// A random, well-formed item from one integer seed.
    static func item(seed: Int, verified: Bool) -> EvidenceItem {
        let kind = kinds[seed % kinds.count]
        let period = (seed / 7) % 4
        let first = (seed / 29) % codes.count
        let second = (seed / 149) % codes.count
        let levels: [JudgementLevel] = [.meets, .meets, .partlyMeets, .doesNotYetMeet]
        return F.item(kind, period: period, statements: Array(Set([codes[first], codes[second]])).sorted(),
                      level: levels[(seed / 521) % 4], verified: verified)
    }

    /// Adding a verified, consistently judged item never turns a met criterion into unmet.
    @Test func addingVerifiedItem_neverBreaksAMetCriterion() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000).array(of: 0...40), Gen.int(in: 0...1_000_000)) { seeds, extra in
            let items = seeds.enumerated().map { index, seed in Self.item(seed: seed, verified: index % 2 == 0) }
            let before = F.check(items)
            let after = F.check(items + [Self.item(seed: extra, verified: true)])
            for criterion in Criterion.allCases where before[criterion]?.met == true {
                #expect(after[criterion]?.met == true, "\(criterion) broke: \(after[criterion]?.reasons.map(\.text) ?? [])")
            }
        }
    }

    /// The check is a function: the same inputs give the same findings, whatever the order of items.
    @Test func findings_doNotDependOnItemOrder() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000).array(of: 0...30)) { seeds in
            let items = seeds.map { Self.item(seed: $0, verified: $0 % 3 != 0) }
            let forward = F.check(items).mapValues { Set($0.reasons.map(\.subject)) }
            let backward = F.check(items.reversed()).mapValues { Set($0.reasons.map(\.subject)) }
            #expect(forward == backward)
        }
    }

    /// Every unmet finding gives at least one reason, and every met one none.
    @Test func unmetFindings_alwaysExplain() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000).array(of: 0...30)) { seeds in
            for finding in F.check(seeds.map { Self.item(seed: $0, verified: $0 % 2 == 0) }).values {
                #expect(finding.met == finding.reasons.isEmpty)
            }
        }
    }
}
