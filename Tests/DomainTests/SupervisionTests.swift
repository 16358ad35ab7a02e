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
}
