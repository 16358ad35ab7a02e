import Domain
import Foundation
import PQ
import Store
import Testing
import Workflows

/// The sufficiency check through its use cases: the two dates, kept runs, reconciliations, on a fixed date.
@Suite struct SufficiencyWorkflowTests {
    func item(_ world: Harness, _ kind: EvidenceKind = .directObservation, on day: CalendarDay, title: String,
              statements: [String] = ["KSS-CF-1"]) async throws -> EvidenceItem {
        try await world.run(AddEvidence(world.enrolment, NewEvidence(kind: kind, practiceDate: day, description: title, statements: statements,
                                                                    file: nil)), as: world.nqsw)
    }

    func judge(_ world: Harness, _ item: EvidenceItem, _ level: JudgementLevel) async throws {
        _ = try await world.run(JudgeEvidence(world.enrolment, item.id, level: level, feedback: "Judged against the KSS.", resolution: false,
                                              aiUseSuspected: nil), as: world.assessor)
    }

    func auditCount(_ world: Harness, action: String) async throws -> Int {
        let organisation = world.organisation
        return try await world.runner.pool.transaction { connection in
            try Tenancy.enter(organisation, on: connection)
            return try connection.query("SELECT count(*)::int8 FROM audit_events WHERE organisation_id = \(organisation) AND action = \(action)")[0]
                .decode(Int.self, at: 0)
        }
    }

    /// As of a date counts history typed in later (practice dates); known-at leaves out what had not been recorded by then.
    @Test func asOf_countsHistoryEnteredLater_knownAtDoesNot() async throws {
        let world = try await Harness.make()
        _ = try await item(world, on: CalendarDay(year: 2025, month: 10, day: 1)!, title: "Observed visit, entered on joining Quorum")
        let asOf = CalendarDay(year: 2025, month: 12, day: 1)!
        let counted = try await world.run(CheckSufficiency(world.enrolment, asOf: asOf), as: world.assessor).report
        #expect(counted.counts.items == 1)
        #expect(counted.counts.periods[1].count == 1, "months 3–6 of a year started in June 2025")
        let known = try await world.run(CheckSufficiency(world.enrolment, asOf: asOf, knownAt: asOf), as: world.assessor).report
        #expect(known.counts.items == 0)
        #expect(known.knownAt == asOf.description)
    }

    /// Dates before the year's start or after today are refused, naming the field; a refused keep writes nothing.
    @Test func dates_outsideTheYearSoFar_areRefused() async throws {
        let world = try await Harness.make()
        await #expect { try await world.run(CheckSufficiency(world.enrolment, asOf: Harness.yearStart.adding(days: -1)), as: world.assessor) }
            throws: { isInvalid($0, field: "asOf") }
        await #expect { try await world.run(CheckSufficiency(world.enrolment, asOf: Harness.today.adding(days: 1)), as: world.assessor) }
            throws: { isInvalid($0, field: "asOf") }
        await #expect { try await world.run(CheckSufficiency(world.enrolment, asOf: nil, knownAt: Harness.today.adding(days: 1)), as: world.assessor) }
            throws: { isInvalid($0, field: "knownAt") }
        await #expect {
            try await world.run(SaveSufficiencyRun(world.enrolment, asOf: Harness.yearStart.adding(days: -1), knownAt: nil, note: nil), as: world.assessor)
        } throws: { isInvalid($0, field: "asOf") }
        #expect(try await world.run(ListSufficiencyRuns(world.enrolment), as: world.assessor).isEmpty)
        #expect(try await auditCount(world, action: "sufficiency.saved") == 0)
    }

    /// A kept run reads back exactly as it was shown, after the portfolio has moved on; only the assessor or a coordinator keeps one.
    @Test func keptRun_readsAsItWas() async throws {
        let world = try await Harness.make()
        _ = try await item(world, on: Harness.today.adding(days: -10), title: "Visit")
        await #expect { try await world.run(SaveSufficiencyRun(world.enrolment, asOf: nil, knownAt: nil, note: nil), as: world.nqsw) }
            throws: { isRefusal($0, .forbidden) }
        await #expect { try await world.run(SaveSufficiencyRun(world.enrolment, asOf: nil, knownAt: nil, note: nil), as: world.otherAssessor) }
            throws: { isRefusal($0, .notFound) }
        let kept = try await world.run(SaveSufficiencyRun(world.enrolment, asOf: nil, knownAt: nil, note: "Before the 9-month review"), as: world.assessor)
        let shown = try await world.run(CheckSufficiency(world.enrolment, asOf: nil), as: world.assessor).report
        #expect(kept.report == shown)
        _ = try await item(world, .writtenReport, on: Harness.today, title: "Assessment report")
        let now = try await world.run(CheckSufficiency(world.enrolment, asOf: nil), as: world.assessor).report
        #expect(now.counts.items == 2)
        let read = try await world.run(GetSufficiencyRun(world.enrolment, kept.run.id), as: world.nqsw)
        #expect(read.report == shown)
        #expect(read.run.note == "Before the 9-month review")
        #expect(read.run.recordedOn == Harness.today)
        #expect(read.run.occasion == .saved)
        #expect(try await auditCount(world, action: "sufficiency.saved") == 1)
        let listed = try await world.run(ListSufficiencyRuns(world.enrolment), as: world.lineManager)
        #expect(listed.map(\.id) == [kept.run.id])
        #expect(listed.first?.criteriaMet == shown.criteriaMet)
    }

    /// A review keeps the check as of the day it was held; a recommendation keeps it with its version.
    @Test func reviewAndRecommendation_keepRuns() async throws {
        let world = try await Harness.make()
        let held = Harness.today.adding(days: -3)
        let review = try await world.run(RecordReview(world.enrolment, NewReview(
            milestone: 9, heldOn: held, progress: "On track.", statements: [], assessorComments: "", lineManagerComments: "", agreedActions: "",
            assessorChangeCircumstances: nil, amends: nil, amendmentReason: nil)), as: world.assessor)
        var runs = try await world.run(ListSufficiencyRuns(world.enrolment), as: world.assessor)
        #expect(runs.map(\.occasion) == [.review])
        #expect(runs.first?.asOf == held)
        #expect(runs.first?.source?.id == review.id.uuid)
        try await world.signedFinalReview()
        let recommendation = try await world.run(SubmitRecommendation(world.enrolment, RecommendationProposal(
            outcome: .pass, rationale: "Meets the KSS across the year.", borderline: false, grade: nil,
            justifications: [.accurate: "Seen.", .valid: "Seen.", .sufficient: "Seen.", .robust: "Seen."])), as: world.assessor)
        runs = try await world.run(ListSufficiencyRuns(world.enrolment), as: world.assessor)
        #expect(runs.first?.occasion == .recommendation)
        #expect(runs.first?.source?.id == recommendation.id)
        #expect(runs.first?.source?.version == 1)
    }

    /// A FAIL with no concern or plan ever recorded needs a robust justification, naming why.
    @Test func failWithoutConcern_isARobustFinding() async throws {
        let world = try await Harness.make()
        try await world.signedFinalReview()
        let check = try await world.run(CheckSufficiency(world.enrolment, asOf: nil, proposedOutcome: .fail), as: world.assessor).report
        #expect(check.findings.first { $0.criterion == "robust" }?.reasons.contains { $0.about == "recommendation" } == true)
        let proposal = RecommendationProposal(outcome: .fail, rationale: "Does not meet KSS 6.", borderline: false, grade: nil,
                                              justifications: [.accurate: "Seen.", .valid: "Seen.", .sufficient: "Seen."])
        await #expect { try await world.run(SubmitRecommendation(world.enrolment, proposal), as: world.assessor) }
            throws: { error in (error as? ValidationFailure)?.issues.contains { $0.field == "justifications/robust" && $0.message.contains("FAIL") } == true }
    }

    /// A below-level judgement followed by a met one is a robust finding until the assessor reconciles them; bad links are refused.
    @Test func reconciliation_clearsTheFinding_andRefusesOtherYearsEvidence() async throws {
        let world = try await Harness.make()
        let early = try await item(world, .writtenReport, on: Harness.today.adding(days: -90), title: "Assessment written up late")
        let later = try await item(world, on: Harness.today.adding(days: -5), title: "Observed home visit")
        try await judge(world, early, .partlyMeets)
        try await judge(world, later, .meets)
        func robust() async throws -> [SufficiencyReport.Reason] {
            try await world.run(CheckSufficiency(world.enrolment, asOf: nil), as: world.assessor).report.findings.first { $0.criterion == "robust" }?.reasons ?? []
        }
        let inconsistent = try await robust().filter { $0.about == "statement" }
        #expect(inconsistent.map(\.subject) == ["KSS-CF-1"])
        #expect(inconsistent.first?.evidence == [early.id.description, later.id.description])

        let other = try await Harness.make()
        let elsewhere = try await item(other, on: Harness.today.adding(days: -5), title: "Another NQSW's visit")
        let record = { (statement: String, below: EvidenceID, laterItems: [EvidenceID]) in
            RecordReconciliation(world.enrolment, statement: statement, belowItem: below, laterItems: laterItems, note: "The later visit shows the gap closed.")
        }
        await #expect { try await world.run(record("KSS-CF-1", early.id, [later.id]), as: world.nqsw) } throws: { isRefusal($0, .forbidden) }
        await #expect { try await world.run(record("KSS-CF-99", early.id, [later.id]), as: world.assessor) } throws: { isInvalid($0, field: "statement") }
        await #expect { try await world.run(record("KSS-CF-1", elsewhere.id, [later.id]), as: world.assessor) }
            throws: { isInvalid($0, field: "belowEvidenceId") }
        await #expect { try await world.run(record("KSS-CF-1", early.id, [elsewhere.id]), as: world.assessor) }
            throws: { isInvalid($0, field: "laterEvidenceIds/0") }
        #expect(try await auditCount(world, action: "reconciliation.recorded") == 0)

        let reconciled = try await world.run(record("KSS-CF-1", early.id, [later.id]), as: world.assessor)
        #expect(reconciled.recordedOn == Harness.today)
        #expect(try await robust().filter { $0.about == "statement" }.isEmpty)
        #expect(try await world.run(ListReconciliations(world.enrolment), as: world.lineManager).map(\.id) == [reconciled.id])
        #expect(try await auditCount(world, action: "reconciliation.recorded") == 1)
        await #expect { try await world.run(record("KSS-CF-1", early.id, [later.id]), as: world.assessor) }
            throws: { isRefusal($0, .conflict, kind: "already-reconciled") }
    }

    /// Concerns and their escalation show at once, named (the portfolio revision moves with them).
    @Test func concernAndEscalation_showAtOnce() async throws {
        let world = try await Harness.make()
        func robust() async throws -> [String] {
            try await world.run(CheckSufficiency(world.enrolment, asOf: nil), as: world.assessor).report.findings
                .first { $0.criterion == "robust" }?.reasons.map(\.about) ?? []
        }
        #expect(try await robust() == ["portfolio"])
        let concern = try await world.run(RaiseConcern(world.enrolment, NewConcern(
            category: .conduct, severity: .fitnessToPractise, description: "Visit records do not match", statements: [], evidence: [])), as: world.assessor)
        #expect(try await robust() == ["portfolio", "concern"])
        _ = try await world.run(EscalateConcern(world.enrolment, concern.concern.id, reason: "Records do not match the visits logged."), as: world.assessor)
        #expect(try await robust() == ["portfolio", "concern", "escalation"])
        let text = try await world.run(CheckSufficiency(world.enrolment, asOf: nil), as: world.assessor).report.findings
            .first { $0.criterion == "robust" }?.reasons.map(\.text).joined() ?? ""
        #expect(!text.contains("Visit records"), "a fitness-to-practise concern's detail stays with the PSW")
    }
}

/// The hand-written report JSON is exactly what `JSONEncoder` (sorted keys) writes, and reads back as the same report.
@Suite struct SufficiencyReportJSONTests {
    @Test func handWritten_matchesJSONEncoder() throws {
        let kss = Framework(id: "kss", kind: .kss, setting: .childAndFamily, version: "1", title: "KSS",
                            statements: [FrameworkStatement(code: "K1", number: 1, title: "Relationships \"and\" direct work / é")])
        let pcf = Framework(id: "pcf", kind: .pcf, setting: nil, version: "1", title: "PCF", statements: [FrameworkStatement(code: "P1", number: 1, title: "Professionalism")])
        let start = CalendarDay(year: 2025, month: 9, day: 1)!
        let judge = PersonID.random()
        let items = ["Visit with \"Mrs K\"\nsecond line", "Back\\slash\tand tab — ünïcode 🙂", String(repeating: "long ", count: 40)].enumerated().map { index, text in
            EvidenceItem(id: .random(), enrolmentID: .random(), kind: .personFeedback, practiceDate: start.adding(days: 30 * index), addedOn: start.adding(days: 30 * index),
                         authorID: judge, description: text, statements: ["K1"],
                         judgements: [Judgement(judgeID: judge, level: index == 0 ? .partlyMeets : .meets, feedback: "ok", recordedOn: start.adding(days: 30 * index))])
        }
        let concern = ConcernMatter(id: .random(), raisedOn: start.adding(days: 40), enteredOn: start.adding(days: 40), raisedBy: "A \"quoted\" name",
                                    category: .progress, severity: .developmental, summary: "Late\u{1}records", outcomeOn: nil)
        let inputs = SufficiencyInputs(items: items, frameworks: PinnedFrameworks(kss: kss, pcf: pcf), clock: YearClock(start: start, fte: .fullTime),
                                       policy: .standard, support: SupportHistory(concerns: [concern]))
        for knownAt in [nil, start.adding(days: 200)] {
            let result = SufficiencyCheck.run(inputs, dates: CheckDates(asOf: start.adding(days: 300), knownAt: knownAt), proposedOutcome: .fail)
            let report = SufficiencyReport(result, policy: .standard, frameworks: inputs.frameworks)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let expected = String(decoding: try encoder.encode(report), as: UTF8.self)
            #expect(String(decoding: report.jsonBytes, as: UTF8.self) == expected)
            #expect(try JSONDecoder().decode(SufficiencyReport.self, from: Data(report.jsonBytes)) == report)
        }
    }
}
