import Domain
import Testing

@Suite struct TrackerTests {
    let start = CalendarDay(year: 2026, month: 1, day: 5)!

    /// Lines are done, due or overdue by their dates; reviews count only once signed.
    @Test func tracker_statusesFollowDates() {
        let schedule = YearClock(start: start, fte: .fullTime).schedule(asOf: start.adding(days: 120))
        var review = Review(id: .random(), enrolmentID: .random(), milestone: 3, heldOn: start.adding(days: 88), progress: "ok", statements: [],
                            assessorComments: "", lineManagerComments: "", nqswComments: "", agreedActions: "")
        let asOf = start.adding(days: 120)
        var tracker = Tracker.build(schedule: schedule, reviews: [review], evidence: [], checklist: [.learningAgreement: start.adding(days: 20)], asOf: asOf)
        func status(_ key: String) -> Tracker.Status? { tracker.lines.first { $0.key == key }?.status }
        #expect(status("learning_agreement") == .done)
        #expect(status("development_plan") == .overdue)
        #expect(status("review_3") == .overdue, "an unsigned review does not count")
        #expect(status("review_6") == .due)
        #expect(status("panel") == .pending)
        review.signatures = [.nqsw: asOf, .assessor: asOf, .lineManager: asOf]
        tracker = Tracker.build(schedule: schedule, reviews: [review], evidence: [], checklist: [:], asOf: asOf)
        #expect(status("review_3") == .done)
        #expect(tracker.overdue == 3)
    }

    /// Suspected generative-AI use: written reflections no longer finish the
    /// line; it waits for a presentation practised after the flagged
    /// reflection and carrying the assessor's written feedback.
    @Test func aiFlag_requiresAPresentation() {
        let asOf = start.adding(days: 300)
        let schedule = YearClock(start: start, fte: .fullTime).schedule(asOf: asOf)
        let assessor = PersonID.random()
        func item(_ kind: EvidenceKind, day: Int, feedback: String = "Analysis of risk is clear", flagged: Bool = false) -> EvidenceItem {
            EvidenceItem(id: .random(), enrolmentID: .random(), kind: kind, practiceDate: start.adding(days: day), addedOn: start.adding(days: day),
                         authorID: .random(), description: "\(kind.rawValue) on day \(day)", statements: ["KSS-CF-1"],
                         judgements: [Judgement(judgeID: assessor, level: .meets, feedback: feedback, recordedOn: start.adding(days: day + 1))],
                         aiUseSuspected: flagged)
        }
        let reflections = [item(.criticalReflection, day: 60), item(.criticalReflection, day: 150, feedback: "Reads as generated text", flagged: true),
                           item(.criticalReflection, day: 250)]
        func lines(_ extra: [EvidenceItem]) -> [String: Tracker.Line] {
            Dictionary(uniqueKeysWithValues: Tracker.build(schedule: schedule, reviews: [], evidence: reflections + extra, checklist: [:], asOf: asOf)
                .lines.map { ($0.key, $0) })
        }
        var tracker = lines([])
        #expect(tracker["critical_reflections"]?.status == .due, "three reflections with feedback, but one flagged")
        #expect(tracker["critical_reflections"]?.detail.contains("presentation required") == true)
        #expect(tracker["reflection_presentation"]?.detail == "Presentation required")
        // A presentation before the flagged reflection, or one without written feedback, does not answer it.
        tracker = lines([item(.presentation, day: 100), item(.presentation, day: 260, feedback: " ")])
        #expect(tracker["reflection_presentation"]?.status == .due)
        tracker = lines([item(.presentation, day: 270)])
        #expect(tracker["reflection_presentation"]?.status == .done)
        #expect(tracker["reflection_presentation"]?.doneOn == start.adding(days: 270))
        #expect(tracker["critical_reflections"]?.status == .done)
        #expect(Tracker.build(schedule: schedule, reviews: [], evidence: [item(.criticalReflection, day: 60)], checklist: [:], asOf: asOf)
            .lines.contains { $0.key == "reflection_presentation" } == false, "no flag, no presentation line")
    }
}
