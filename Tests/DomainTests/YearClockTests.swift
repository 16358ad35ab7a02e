import Domain
import Testing

@Suite struct YearClockTests {
    let start = CalendarDay(year: 2025, month: 9, day: 1)!

    /// Full time, no absences: reviews fall 3, 6, 9 and 12 calendar months after the start.
    @Test func fullTime_reviewsOnMonthAnniversaries() {
        let clock = YearClock(start: start, fte: .fullTime)
        #expect(clock.dueDate(afterMonths: 3).description == "2025-12-01")
        #expect(clock.dueDate(afterMonths: 12).description == "2026-09-01")
    }

    /// Part-time contracts stretch the year pro rata.
    @Test func partTime_stretchesProRata() {
        let clock = YearClock(start: start, fte: ContractedTime(fraction: 0.5)!)
        // 365 days of full-time work at half time: 730 days.
        #expect(start.days(until: clock.dueDate(afterMonths: 12)) == 730)
        #expect(start.days(until: clock.dueDate(afterMonths: 3)) == 182)
    }

    /// Each absence day before a milestone pushes it by a day; absences after it do not.
    @Test func absences_pushOnlyLaterMilestones() {
        let sickness = Absence(start: CalendarDay(year: 2026, month: 1, day: 5)!, end: CalendarDay(year: 2026, month: 1, day: 18)!, kind: .sickness, reason: "flu")
        let clock = YearClock(start: start, fte: .fullTime, absences: [sickness])
        #expect(clock.dueDate(afterMonths: 3).description == "2025-12-01")
        #expect(clock.dueDate(afterMonths: 6).description == "2026-03-15")
        #expect(clock.dueDate(afterMonths: 12).description == "2026-09-15")
    }

    /// An absence straddling the pushed date counts in full; overlapping absences count once.
    @Test func absences_straddlingAndOverlapping() {
        let first = Absence(start: CalendarDay(year: 2025, month: 11, day: 25)!, end: CalendarDay(year: 2025, month: 12, day: 10)!, kind: .parentalLeave, reason: "leave")
        let overlap = Absence(start: CalendarDay(year: 2025, month: 12, day: 1)!, end: CalendarDay(year: 2025, month: 12, day: 3)!, kind: .sickness, reason: "ill")
        let clock = YearClock(start: start, fte: .fullTime, absences: [first, overlap])
        // 16 absence days; the milestone moves past the whole absence.
        #expect(clock.dueDate(afterMonths: 3).description == "2025-12-17")
    }

    /// An agreed extension adds its days to milestones not yet reached when it was agreed.
    @Test func extension_movesLaterMilestones() {
        let extension_ = Extension(days: 28, agreedOn: CalendarDay(year: 2026, month: 4, day: 1)!, reason: "complex caseload change")
        let clock = YearClock(start: start, fte: .fullTime, extensions: [extension_])
        #expect(clock.dueDate(afterMonths: 6).description == "2026-03-01")
        #expect(clock.dueDate(afterMonths: 9).description == "2026-06-29")
    }

    /// A year running past two calendar years is flagged; one close to it is warned about.
    @Test func limit_flaggedWhenExceededOrNear() {
        let longLeave = Absence(start: CalendarDay(year: 2025, month: 10, day: 1)!, end: CalendarDay(year: 2026, month: 9, day: 30)!, kind: .parentalLeave, reason: "leave")
        let today = CalendarDay(year: 2026, month: 11, day: 24)!
        let exceeded = YearClock(start: start, fte: ContractedTime(fraction: 0.6)!, absences: [longLeave]).schedule(asOf: today)
        #expect(exceeded.flags == [.exceedsLimit(limit: CalendarDay(year: 2027, month: 9, day: 1)!)])
        let normal = YearClock(start: start, fte: .fullTime).schedule(asOf: today)
        #expect(normal.flags.isEmpty)
        #expect(normal.milestones.map(\.months) == [3, 6, 9, 12])
        #expect(normal.milestones.last?.isFinal == true)
    }

    /// Periods split the year at the review dates.
    @Test func period_followsReviewDates() {
        let clock = YearClock(start: start, fte: .fullTime)
        #expect(clock.period(of: start.adding(days: -1)) == nil)
        #expect(clock.period(of: start) == 0)
        #expect(clock.period(of: CalendarDay(year: 2025, month: 11, day: 30)!) == 0)
        #expect(clock.period(of: CalendarDay(year: 2025, month: 12, day: 1)!) == 1)
        #expect(clock.period(of: CalendarDay(year: 2026, month: 8, day: 1)!) == 3)
    }

    /// A pause for a capability concern is refused, pointing to a support and action plan.
    @Test func absence_forCapability_isRefused() {
        #expect {
            _ = try Absence.validate(kind: "capability", start: start, end: start, reason: "not coping", yearStart: start)
        } throws: { error in
            (error as? ValidationFailure)?.issues.first?.message.contains("support and action plan") == true
        }
        #expect(throws: ValidationFailure.self) {
            _ = try Absence.validate(kind: "sickness", start: start.adding(days: 5), end: start, reason: "", yearStart: start)
        }
    }
}

@Suite struct EvidenceStandingTests {
    let item = EvidenceItem(id: .random(), enrolmentID: .random(), kind: .writtenReport, practiceDate: CalendarDay(year: 2026, month: 1, day: 1)!,
                            addedOn: CalendarDay(year: 2026, month: 1, day: 2)!, authorID: .random(), description: "Court report", statements: ["KSS-CF-8"])
    let day = CalendarDay(year: 2026, month: 1, day: 3)!

    /// One judge's latest judgement stands; two judges who disagree make the item contradictory until resolved.
    @Test func standing_contradictionAndResolution() {
        let first = PersonID.random()
        let second = PersonID.random()
        var item = item
        #expect(item.standing == .unjudged)
        item.judgements = [Judgement(judgeID: first, level: .partlyMeets, feedback: "x", recordedOn: day),
                           Judgement(judgeID: first, level: .meets, feedback: "y", recordedOn: day)]
        #expect(item.standing.level == .meets)
        item.judgements.append(Judgement(judgeID: second, level: .doesNotYetMeet, feedback: "z", recordedOn: day))
        #expect(item.standing == .contradictory([.meets, .doesNotYetMeet]))
        item.judgements.append(Judgement(judgeID: first, level: .partlyMeets, feedback: "agreed", recordedOn: day, isResolution: true))
        #expect(item.standing.level == .partlyMeets)
    }
}
