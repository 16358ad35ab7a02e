import Domain
import Testing

@Suite struct SupervisionTests {
    // Monday 5 January 2026.
    let start = CalendarDay(year: 2026, month: 1, day: 5)!
    let holidays = WorkingCalendar(bankHolidays: [CalendarDay(year: 2026, month: 4, day: 3)!, CalendarDay(year: 2026, month: 4, day: 6)!])

    func held(_ day: CalendarDay, copy: CalendarDay? = nil) -> SupervisionSession {
        SupervisionSession(id: .random(), enrolmentID: .random(), supervisorID: .random(), scheduledFor: day,
                           outcome: .held(durationMinutes: 60, topics: "Caseload", agreedActions: "Visit"), copyGivenOn: copy ?? day)
    }

    /// Working days skip weekends and bank holidays: Thursday before Easter + 3 = the Thursday after.
    @Test func workingDays_skipWeekendsAndBankHolidays() {
        #expect(holidays.adding(workingDays: 3, to: CalendarDay(year: 2026, month: 4, day: 2)!).description == "2026-04-09")
        #expect(holidays.adding(workingDays: 3, to: CalendarDay(year: 2026, month: 1, day: 9)!).description == "2026-01-14")
        #expect(!holidays.isWorkingDay(CalendarDay(year: 2026, month: 1, day: 10)!))
    }

    /// Weekly for six weeks, fortnightly to six months, then monthly: each ended interval needs a session.
    @Test func intervals_followTheBands() {
        let asOf = start.adding(days: 240)
        let weekly = (0..<6).map { held(start.adding(days: $0 * 7 + 1)) }
        let fortnightly = (0..<10).map { held(start.adding(days: 42 + $0 * 14 + 2)) }
        let monthly = (0..<2).map { held(start.adding(days: 182 + $0 * 31 + 3)) }
        let compliance = SupervisionCompliance.check(sessions: weekly + fortnightly + monthly, start: start, policy: .standard, calendar: holidays, asOf: asOf)
        #expect(compliance.intervals.filter { $0.frequency == "weekly" }.count == 6)
        #expect(compliance.intervals.filter { $0.frequency == "fortnightly" }.count == 10)
        #expect(compliance.intervals.filter { $0.frequency == "monthly" }.count == 1)
        #expect(compliance.isCompliant)
        // A missed run of fortnightly sessions is named interval by interval.
        let missing = SupervisionCompliance.check(sessions: weekly + fortnightly.prefix(3) + monthly, start: start, policy: .standard, calendar: holidays, asOf: asOf)
        #expect(missing.missedIntervals == 7)
        #expect(!missing.isCompliant)
    }

    /// A copy later than 3 working days is a late record; a cancellation never rescheduled must be reported within 2 weeks.
    @Test func lateCopiesAndUnrescheduledCancellations() {
        let friday = CalendarDay(year: 2026, month: 1, day: 9)!
        let onTime = held(friday, copy: CalendarDay(year: 2026, month: 1, day: 14)!)
        let late = held(friday, copy: CalendarDay(year: 2026, month: 1, day: 15)!)
        let cancelled = SupervisionSession(id: .random(), enrolmentID: .random(), supervisorID: .random(), scheduledFor: friday,
                                           outcome: .cancelled(reason: "Court", rescheduledTo: nil, reportedOn: nil))
        let compliance = SupervisionCompliance.check(sessions: [onTime, late, cancelled], start: start, policy: .standard, calendar: holidays, asOf: friday.adding(days: 20))
        #expect(compliance.lateRecords.map(\.session) == [late.id])
        #expect(compliance.unrescheduled.count == 1)
        #expect(compliance.unrescheduled.first?.overdue == true)
        #expect(compliance.unrescheduled.first?.reportDue.description == "2026-01-23")
    }

    /// Group and informal sessions are recorded but do not meet the standard; only individual, formal ones do.
    @Test func onlyIndividualFormalSessions_count() {
        var group = held(start.adding(days: 2))
        group.kind = .group
        var informal = held(start.adding(days: 9))
        informal.kind = .informal
        let individual = held(start.adding(days: 16))
        let compliance = SupervisionCompliance.check(sessions: [group, informal, individual], start: start, policy: .standard, calendar: holidays,
                                                     asOf: start.adding(days: 21))
        #expect(compliance.intervals.map(\.met) == [false, false, true])
    }

    /// A recorded absence pauses the clock: the interval it falls in stretches by the days absent, so it is not missed.
    @Test func absence_pausesTheIntervals() {
        let sickness = Absence(start: start.adding(days: 7), end: start.adding(days: 20), kind: .sickness, reason: "Flu")
        let sessions = [held(start.adding(days: 2)), held(start.adding(days: 24))]
        let without = SupervisionCompliance.check(sessions: sessions, start: start, policy: .standard, calendar: holidays, asOf: start.adding(days: 28))
        #expect(without.missedIntervals == 2, "the two weeks of absence look like missed supervision")
        let paused = SupervisionCompliance.check(sessions: sessions, start: start, policy: .standard, calendar: holidays, asOf: start.adding(days: 28),
                                                 absences: [sickness])
        #expect(paused.missedIntervals == 0)
        #expect(paused.intervals[1].from == start.adding(days: 7) && paused.intervals[1].to == start.adding(days: 28))
    }

    /// A cancellation rescheduled to a date on which nothing was held is unrescheduled once that date passes, and
    /// its two weeks run from the cancelled session.
    @Test func rescheduledButNotHeld_isReportedFromTheCancelledDate() {
        let cancelledFor = start.adding(days: 10)
        let cancelled = SupervisionSession(id: .random(), enrolmentID: .random(), supervisorID: .random(), scheduledFor: cancelledFor,
                                           outcome: .cancelled(reason: "Court", rescheduledTo: start.adding(days: 13), reportedOn: nil))
        let before = SupervisionCompliance.check(sessions: [cancelled], start: start, policy: .standard, calendar: holidays, asOf: start.adding(days: 12))
        #expect(before.unrescheduled.isEmpty, "the new date has not come yet")
        let after = SupervisionCompliance.check(sessions: [cancelled], start: start, policy: .standard, calendar: holidays, asOf: start.adding(days: 26))
        #expect(after.unrescheduled.map(\.reportDue) == [cancelledFor.adding(days: 14)])
        #expect(after.unrescheduled.first?.overdue == true)
        let kept = SupervisionCompliance.check(sessions: [cancelled, held(start.adding(days: 13))], start: start, policy: .standard, calendar: holidays,
                                               asOf: start.adding(days: 26))
        #expect(kept.unrescheduled.isEmpty)
    }

    /// An agreed action names its owner and a date on or after the session.
    @Test func agreedActions_needAnOwnerAndADate() {
        let nqsw = PersonID.random()
        let day = start.adding(days: 30)
        #expect(throws: Never.self) { try AgreedAction.validate([AgreedAction(description: "Joint visit", ownerID: nqsw, dueOn: day.adding(days: 14))], session: day, people: [nqsw]) }
        #expect { try AgreedAction.validate([AgreedAction(description: "Joint visit", ownerID: .random(), dueOn: day.adding(days: -1))], session: day, people: [nqsw]) }
            throws: { ($0 as? ValidationFailure)?.issues.map(\.field) == ["actions/0/ownerId", "actions/0/dueOn"] }
    }
}
