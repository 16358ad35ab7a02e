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
}
