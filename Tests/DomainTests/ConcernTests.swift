import Domain
import Testing

@Suite struct ConcernTests {
    // Friday 9 January 2026.
    let friday = CalendarDay(year: 2026, month: 1, day: 9)!
    let calendar = WorkingCalendar(bankHolidays: [])

    func concern(sharedOn: CalendarDay? = nil) -> Concern {
        Concern(id: .random(), enrolmentID: .random(), raisedBy: .random(), raisedOn: friday, category: .progress, severity: .developmental,
                description: "Recording is late", sharedOn: sharedOn)
    }

    /// Five working days from a Friday is the next Friday; later than that, unshared or shared late, is flagged.
    @Test func sharing_flaggedAfterFiveWorkingDays() {
        #expect(concern().shareDue(calendar: calendar, withinWorkingDays: 5).description == "2026-01-16")
        #expect(!concern().isShareOverdue(calendar: calendar, withinWorkingDays: 5, asOf: friday.adding(days: 7)))
        #expect(concern().isShareOverdue(calendar: calendar, withinWorkingDays: 5, asOf: friday.adding(days: 8)))
        #expect(!concern(sharedOn: friday.adding(days: 3)).isShareOverdue(calendar: calendar, withinWorkingDays: 5, asOf: friday.adding(days: 30)))
        #expect(concern(sharedOn: friday.adding(days: 10)).isShareOverdue(calendar: calendar, withinWorkingDays: 5, asOf: friday.adding(days: 30)))
    }

    /// An open concern keeps robust unmet; with an outcome, it no longer counts.
    @Test func openConcern_makesRobustUnmet() {
        var concern = PortfolioFixture.concern(raisedOn: PortfolioFixture.start.adding(days: 100), outcomeOn: nil)
        #expect(PortfolioFixture.unmet(PortfolioFixture.check(PortfolioFixture.complete, support: SupportHistory(concerns: [concern]))) == [.robust])
        concern.outcomeOn = PortfolioFixture.start.adding(days: 130)
        #expect(PortfolioFixture.unmet(PortfolioFixture.check(PortfolioFixture.complete, support: SupportHistory(concerns: [concern]))) == [])
    }
}
