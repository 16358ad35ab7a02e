import Domain
import Foundation
import Testing

/// One fact changed, one criterion flips, and its finding names the subject.
@Suite struct SufficiencyCheckTests {
    typealias F = PortfolioFixture

    /// The complete portfolio meets all four criteria, with nothing to warn about.
    @Test func completePortfolio_meetsAllFour() {
        let findings = F.check(F.complete)
        #expect(F.unmet(findings) == [], "\(findings.values.flatMap(\.reasons).map(\.text))")
        #expect(findings.count == 4)
        #expect(findings.values.allSatisfy { $0.warnings.isEmpty })
    }

    // MARK: Accurate — mapping and level

    /// A statement without an item judged at the expected level fails accurate alone, named by number and title.
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
        let reason = findings[.accurate]?.reasons.first
        #expect(reason?.text == "KSS 3 Child development: 0 of the 1 needed item judged at the expected level (1 partly meets).")
        #expect(reason?.label == "KSS 3 Child development")
        #expect(reason?.remedy.isEmpty == false)
        #expect(reason?.evidence.count == 1)
    }

    /// A statement with no evidence at all is an accurate finding only — not a valid one too.
    @Test func accurate_unmappedStatement_isNotAlsoValid() {
        let items = F.complete.map { item -> EvidenceItem in
            var copy = item
            copy.statements = item.statements.filter { $0 != "K1" }
            if copy.statements.isEmpty { copy.statements = ["P1"] }
            return copy
        }
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.accurate])
        #expect(F.texts(findings[.accurate]) == ["KSS 1 Relationships and effective direct work: no evidence is mapped to it."])
    }

    /// A PCF domain judged below ASYE level is an accurate finding naming the domain.
    @Test func accurate_pcfDomainBelowASYELevel_namesDomain() {
        var items = F.complete.map { item -> EvidenceItem in
            var copy = item
            copy.statements = item.statements.filter { $0 != "P2" }
            if copy.statements.isEmpty { copy.statements = ["K3"] }
            return copy
        }
        items.append(F.item(.other, period: 2, statements: ["P2"], level: .doesNotYetMeet, title: "Ethics discussion in team meeting"))
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.accurate])
        #expect(F.texts(findings[.accurate])
            == ["PCF domain 2 Values and ethics: 0 of the 1 needed item judged at ASYE level (1 does not yet meet)."])
    }

    /// Evidence that once met a statement but whose latest judgement is below the level is named, with the item and its date.
    @Test func accurate_latestJudgementBelowLevel_namesItem() {
        var items = F.complete
        items.append(F.item(.other, period: 3, statements: ["P2"], level: .partlyMeets, title: "Ethics discussion in team meeting", offset: 60))
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.accurate])
        let reason = findings[.accurate]?.reasons.first
        #expect(reason?.subject == .statement("P2"))
        #expect(reason?.text.contains("the latest evidence, \"Ethics discussion in team meeting\" (5 December 2025), is judged partly meets") == true)
    }

    // MARK: Valid — dates and timing

    /// A period with no evidence fails valid alone, named with its dates.
    @Test func valid_failsAlone_namingPeriod() {
        // Months 6–9 emptied; the same kinds of evidence moved to the final period so only the spread suffers.
        let items = F.complete.filter { F.clock.period(of: $0.practiceDate) != 2 }
            + [EvidenceKind.directObservation, .personFeedback, .professionalFeedback, .writtenReport].map {
                F.item($0, period: 3, statements: $0 == .personFeedback || $0 == .writtenReport ? ["K3", "P2"] : ["K1", "K2", "P1"])
            }
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.valid], "\(findings.values.flatMap(\.reasons).map(\.text))")
        #expect(findings[.valid]?.reasons.map(\.subject) == [.period(2)])
        #expect(findings[.valid]?.reasons.first?.text.hasPrefix("No evidence of practice in months 6–9 (6 July 2025 to 5 October 2025)") == true)
    }

    /// The 6-month critical reflection dated out of its period is a valid finding (timing), not a sufficient one.
    @Test func valid_reflectionOutOfItsPeriod_namesThePoint() {
        let items = F.complete.map { item -> EvidenceItem in
            guard item.kind == .criticalReflection, F.clock.period(of: item.practiceDate) == 1 else { return item }
            var moved = item
            moved.practiceDate = F.day(period: 2)
            moved.addedOn = moved.practiceDate.adding(days: 2)
            return moved
        }
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.valid])
        #expect(findings[.valid]?.reasons.map(\.subject) == [.reflection(months: 6)])
        #expect(findings[.valid]?.reasons.first?.label == "critical reflection at 6 months")
    }

    // MARK: Sufficient — kinds and counts

    /// Too few direct observations fail sufficient alone, with "n of minimum".
    @Test func sufficient_failsAlone_namingKind() {
        var items = F.complete
        let observation = items.firstIndex { $0.kind == .directObservation && F.clock.period(of: $0.practiceDate) == 0 }!
        items[observation].kind = .supervisionNote
        items.removeAll { $0.kind == .directObservation && F.clock.period(of: $0.practiceDate) == 3 }
        items.append(F.item(.supervisionNote, period: 3, statements: ["K1", "K2", "K3", "P1", "P2"]))
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.sufficient])
        #expect(findings[.sufficient]?.reasons.map(\.subject) == [.kind(.directObservation)])
        #expect(findings[.sufficient]?.reasons.first?.text == "2 of 3 pieces of direct observation of practice.")
        #expect(findings[.sufficient]?.reasons.first?.remedy == "Add 1 more piece of direct observation of practice.")
    }

    /// Too few different kinds names the kinds found, with their counts, and the kinds that would help.
    @Test func sufficient_namesKindsFound() {
        var policy = SufficiencyPolicy.standard
        policy.minimumDistinctKinds = 6
        let findings = F.check(F.complete, policy: policy)
        #expect(F.unmet(findings) == [.sufficient])
        let reason = findings[.sufficient]?.reasons.first
        #expect(reason?.text == "5 different kinds of evidence: critical reflection log (2), direct observation of practice (4), "
            + "feedback from a person who needs care and support (3), feedback from another professional (3), written report or case record (3); "
            + "a holistic view needs at least 6.")
        #expect(reason?.remedy.contains("supervision note") == true)
    }

    // MARK: Robust — verification, consistency, support

    /// Under the shipped default every unverified item is named: two unverified feedback items, by title and date.
    @Test func robust_defaultPolicy_flagsEachUnverifiedItemByTitle() {
        var items = F.complete
        let feedback = items.indices.filter { items[$0].kind == .personFeedback }.prefix(2)
        for (number, index) in feedback.enumerated() {
            items[index].verification = nil
            items[index].description = number == 0 ? "Feedback from Mrs K after the review meeting" : "Feedback from J's foster carer"
        }
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.robust])
        #expect(findings[.robust]?.reasons.map(\.subject) == [.portfolio])
        #expect(findings[.robust]?.reasons.first?.evidence == feedback.map { items[$0].id })
        #expect(F.texts(findings[.robust]) == [
            "Not verified against their source: \"Feedback from Mrs K after the review meeting\" (26 January 2025); \"Feedback from J's foster carer\" (27 April 2025).",
        ])
    }

    /// A policy that explicitly tolerates unverified items leaves robust met but still lists them, as warnings.
    @Test func robust_tolerantPolicy_warnsAboutUnverifiedItems() {
        var items = F.complete
        items[1].verification = nil
        var policy = SufficiencyPolicy.standard
        policy.verifiedShare = 0.8
        let findings = F.check(items, policy: policy)
        #expect(F.unmet(findings) == [])
        #expect(findings[.robust]?.warnings.map(\.subject) == [.portfolio])
        #expect(findings[.robust]?.warnings.first?.evidence == [items[1].id])
        policy.verifiedShare = 0.99
        let strict = F.check(items, policy: policy)
        #expect(strict[.robust]?.reasons.map(\.subject) == [.portfolio, .portfolio])
        #expect(strict[.robust]?.reasons.last?.evidence == [items[1].id])
    }

    /// A below-level judgement followed by a final judgement of met, unreconciled, is a robust finding naming both; a reconciliation clears it.
    @Test func robust_inconsistentJudgements_untilReconciled() {
        var items = F.complete
        let early = F.item(.other, period: 0, statements: ["K2"], level: .partlyMeets, title: "Early case note on communication", offset: 5)
        items.append(early)
        let findings = F.check(items)
        #expect(F.unmet(findings) == [.robust])
        let reason = findings[.robust]?.reasons.first
        #expect(reason?.subject == .statement("K2"))
        #expect(reason?.evidence.first == early.id)
        #expect(reason?.evidence.count == 2)
        #expect(reason?.text.hasPrefix("KSS 2 Communication: \"Early case note on communication\" (11 January 2025), judged partly meets was below the expected level, and the latest") == true)
        let later = items.first { $0.kind == .directObservation && F.clock.period(of: $0.practiceDate) == 3 }!
        let reconciliation = JudgementReconciliation(
            id: UUID(), statement: "K2", belowItem: early.id, laterItems: [later.id], note: "Observed practice shows the gap closed.",
            recordedBy: F.assessor, recordedOn: F.asOf)
        #expect(F.unmet(F.check(items, reconciliations: [reconciliation])) == [])
        // As of a day before it was recorded, the reconciliation had not happened.
        #expect(F.unmet(F.check(items, reconciliations: [reconciliation], asOf: F.asOf.adding(days: -1))) == [.robust])
    }

    /// Each open matter is named: the concern by date, subject and who raised it; the plan; the escalated plan; the FtP matter.
    @Test func robust_namesEachOpenMatter() {
        let concern = F.concern(raisedOn: F.day(period: 2), outcomeOn: nil)
        let plan = PlanMatter(id: UUID(), openedOn: F.day(period: 2, offset: 30), enteredOn: F.day(period: 2, offset: 30),
                              summary: "Weekly supervision", ending: nil)
        let escalated = PlanMatter(id: UUID(), openedOn: F.day(period: 1), enteredOn: F.day(period: 1), summary: "Shadowing",
                                   ending: .escalated(on: F.day(period: 2), procedure: "capability", outcome: nil))
        let closed = PlanMatter(id: UUID(), openedOn: F.day(period: 0), enteredOn: F.day(period: 0), summary: "Reading",
                                ending: .closed(on: F.day(period: 1)))
        let ftp = EscalationMatter(id: UUID(), concernID: concern.id, escalatedOn: F.day(period: 2, offset: 40),
                                   enteredOn: F.day(period: 2, offset: 40), decidedOn: nil)
        let findings = F.check(F.complete, support: SupportHistory(concerns: [concern], plans: [plan, escalated, closed], escalations: [ftp]))
        #expect(F.unmet(findings) == [.robust])
        #expect(findings[.robust]?.reasons.map(\.subject) == [.concern(concern.id), .plan(plan.id), .plan(escalated.id), .escalation(ftp.id)])
        let texts = F.texts(findings[.robust])
        #expect(texts[0] == "The developmental progress concern raised on 27 July 2025 by Alex Assessor (\"Assessments are repeatedly late\") is still open without a recorded outcome.")
        #expect(texts[2].contains("was escalated on 27 July 2025 to the capability procedure, which has no recorded outcome yet"))
        #expect(texts[3].contains("fitness-to-practise matter escalated to the principal social worker on 16 August 2025 from the progress concern raised on 27 July 2025 by Alex Assessor"))
        // As of a day before any of it happened, none of it counts.
        let early = F.check(F.complete, support: SupportHistory(concerns: [concern], plans: [plan, escalated], escalations: [ftp]),
                            asOf: F.day(period: 0, offset: 90))
        #expect(early[.robust]?.met == true)
    }

    /// A FAIL recommendation with no concern or plan ever recorded is a finding; with a concern recorded (even closed) it is not.
    @Test func robust_failWithoutConcernOrPlan() {
        let findings = F.check(F.complete, proposedOutcome: .fail)
        #expect(findings[.robust]?.reasons.map(\.subject) == [.recommendation])
        #expect(F.check(F.complete, proposedOutcome: .pass)[.robust]?.met == true)
        let closed = F.concern(raisedOn: F.day(period: 1), outcomeOn: F.day(period: 2))
        #expect(F.check(F.complete, support: SupportHistory(concerns: [closed]), proposedOutcome: .fail)[.robust]?.met == true)
        // A submitted recommendation counts from the day it was submitted.
        let recorded = SupportHistory(recommendation: RecommendationMatter(outcome: .fail, submittedOn: F.asOf))
        #expect(F.check(F.complete, support: recorded)[.robust]?.met == false)
        #expect(F.check(F.complete, support: recorded, asOf: F.asOf.adding(days: -1))[.robust]?.met == true)
    }

    /// Contradictory judgements, reflections without feedback and a missing presentation are named.
    @Test func robust_namesEachInconsistency() {
        var items = F.complete
        items[0].judgements.append(Judgement(judgeID: .random(), level: .doesNotYetMeet, feedback: "no", recordedOn: F.asOf))
        let reflection = items.firstIndex { $0.kind == .criticalReflection }!
        items[reflection].judgements = [Judgement(judgeID: F.assessor, level: .meets, feedback: " ", recordedOn: F.asOf)]
        items[reflection].aiUseSuspected = true
        let subjects = F.check(items)[.robust]?.reasons.map(\.subject) ?? []
        #expect(subjects.contains(.item(items[0].id)))
        #expect(subjects.contains(.item(items[reflection].id)))
        #expect(subjects.contains(.kind(.presentation)))
        items.append(F.item(.presentation, period: 3, statements: ["K1"]))
        #expect(!(F.check(items)[.robust]?.reasons.map(\.subject).contains(.kind(.presentation)) ?? true))
    }

    // MARK: Two dates

    /// As of a date counts what had happened by then, including evidence typed in later; known-at leaves out what was not yet recorded.
    @Test func asOf_countsHistoryEnteredLater_knownAtDoesNot() {
        var items = F.complete
        // Practised in months 0–3, entered in months 9–12 (an employer moving onto Quorum mid-year).
        let late = items.indices.filter { F.clock.period(of: items[$0].practiceDate) == 0 }
        for index in late { items[index].addedOn = F.day(period: 3) }
        let asOf = F.day(period: 1, offset: 10)
        let counted = F.result(items, asOf: asOf)
        #expect(counted.counts.periods[0].count == 4)
        #expect(counted.finding(.valid)?.met == true)
        let known = F.result(items, asOf: asOf, knownAt: asOf)
        #expect(known.counts.periods[0].count == 0)
        #expect(known.finding(.valid)?.reasons.map(\.subject) == [.period(0)])
    }

    /// Judgements and verifications recorded after the as-of date had not happened by then.
    @Test func asOf_ignoresLaterJudgementsAndVerifications() {
        var items = F.complete
        items[0].judgements = [Judgement(judgeID: F.assessor, level: .meets, feedback: "ok", recordedOn: F.asOf)]
        items[0].verification = Verification(verifierID: F.assessor, verifiedOn: F.asOf)
        let before = F.result(items, asOf: F.asOf.adding(days: -1))
        #expect(before.finding(.robust)?.reasons.map(\.evidence) == [[items[0].id]])
        #expect(before.counts.coverage.first { $0.statement.code == "K1" }?.unjudged == 1)
        #expect(F.result(items).finding(.robust)?.met == true)
    }

    /// Only ended periods are required; a stricter policy turns a met criterion unmet.
    @Test func earlyInTheYear_andPolicyThresholds() {
        let early = F.check(F.complete, asOf: CalendarDay(year: 2025, month: 5, day: 1)!)
        #expect(early[.sufficient]?.met == false)
        #expect(early[.valid]?.reasons.isEmpty == true, "only periods already ended are required")
        var strict = SufficiencyPolicy.standard
        strict.minimumPerKind[.directObservation] = 6
        #expect(F.unmet(F.check(F.complete, policy: strict)) == [.sufficient])
    }

    /// Every result carries counts: items by kind against minimums, the practice-date span, per period, per statement and domain.
    @Test func counts_andCoverage() {
        let result = F.result(F.complete)
        let counts = result.counts
        #expect(counts.items == 15)
        #expect(counts.verified == 15)
        #expect(counts.earliestPractice == F.day(period: 0))
        #expect(counts.latestPractice == F.day(period: 3))
        #expect(counts.byKind.first { $0.kind == .directObservation }.map { ($0.count, $0.minimum) }! == (4, 3))
        #expect(counts.byKind.first { $0.kind == .presentation }.map { ($0.count, $0.minimum) }! == (0, nil))
        #expect(counts.periods.map(\.count) == [4, 5, 4, 2])
        #expect(counts.periods[0].start == F.start)
        let k3 = counts.coverage.first { $0.statement.code == "K3" }!
        #expect((k3.framework, k3.items, k3.meets, k3.below) == (.kss, 8, 8, 0))
        #expect(counts.coverage.map(\.statement.code) == ["K1", "K2", "K3", "P1", "P2"])
    }

    /// The dates a check may be read at: from the year's start to today, each refusal naming its field and the rule.
    @Test func checkDates_withinTheYearSoFar() throws {
        let today = CalendarDay(year: 2026, month: 6, day: 10)!
        try CheckDates.validate(asOf: F.start, knownAt: today, yearStart: F.start, today: today)
        do {
            try CheckDates.validate(asOf: F.start.adding(days: -1), knownAt: today.adding(days: 1), yearStart: F.start, today: today)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.issues.map(\.field) == ["asOf", "knownAt"])
            #expect(error.issues[0].message.contains("before the year began on 2025-01-06"))
            #expect(error.issues[1].message.contains("after today (2026-06-10)"))
        }
    }

    /// A reconciliation must point at this year's evidence, a known statement, a below-level item and later met ones.
    @Test func reconciliation_validation() {
        var items = F.complete
        let early = F.item(.other, period: 0, statements: ["K2"], level: .partlyMeets, offset: 5)
        items.append(early)
        let later = items.first { $0.kind == .directObservation && F.clock.period(of: $0.practiceDate) == 3 }!
        func fields(_ statement: String, _ below: EvidenceID, _ laterItems: [EvidenceID]) -> [String] {
            do {
                try JudgementReconciliation.validate(statement: statement, belowItem: below, laterItems: laterItems, note: "Closed.",
                                                     portfolio: items, frameworks: F.frameworks)
                return []
            } catch { return error.issues.map(\.field) }
        }
        #expect(fields("K2", early.id, [later.id]) == [])
        #expect(fields("K9", early.id, [later.id]) == ["statement"])
        #expect(fields("K2", .random(), [later.id]) == ["belowEvidenceId"])
        #expect(fields("K2", early.id, [.random()]) == ["laterEvidenceIds/0"])
        #expect(fields("K2", later.id, [early.id]).contains("belowEvidenceId"))
    }
}
