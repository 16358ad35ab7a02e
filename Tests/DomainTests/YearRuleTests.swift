import Domain
import Testing

/// The year's rules that refuse rather than flag: each names the rule, the
/// record and the date that decides it. Fixed dates, including a month end
/// and a bank holiday (the summer bank holiday, 31 August 2026).
@Suite struct YearRuleTests {
    /// A year that starts on a month end: its final review falls on the summer bank holiday.
    let start = CalendarDay(year: 2025, month: 8, day: 31)!

    /// A review is not recorded before its milestone: the day before is
    /// refused with the due date; the due date itself (a bank holiday) is not.
    @Test func review_notBeforeItsDueDate() throws {
        let clock = YearClock(start: start, fte: .fullTime)
        let due = CalendarDay(year: 2026, month: 8, day: 31)!
        #expect(clock.dueDate(afterMonths: 12) == due)
        #expect(throws: RuleBreach(.reviewNotBeforeDue, record: "the final (12-month) review", date: due,
                                   detail: "The final (12-month) review falls due on 31 August 2026; it cannot be recorded as held on 30 August 2026.")) {
            try clock.checkReview(milestone: 12, heldOn: due.adding(days: -1))
        }
        try clock.checkReview(milestone: 12, heldOn: due)
        // Three months from 31 August is the last day of November.
        let threeMonths = CalendarDay(year: 2025, month: 11, day: 30)!
        #expect(clock.dueDate(afterMonths: 3) == threeMonths)
        #expect(throws: RuleBreach.self) { try clock.checkReview(milestone: 3, heldOn: CalendarDay(year: 2025, month: 11, day: 29)!) }
        try clock.checkReview(milestone: 3, heldOn: threeMonths)
    }

    /// An extension that takes the final review past the cap is refused,
    /// naming the cap's date and the most that could be agreed.
    @Test func extension_pastTheCap_isRefusedNamingTheDate() throws {
        let clock = YearClock(start: start, fte: ContractedTime(fraction: 0.6)!)
        // 60 % of full time: the final review falls 609 days after the start, the cap 730.
        let finalDue = clock.dueDate(afterMonths: 12)
        #expect(start.days(until: finalDue) == 609)
        let limit = CalendarDay(year: 2027, month: 8, day: 31)!
        #expect(clock.limit == limit)
        let agreed = CalendarDay(year: 2026, month: 3, day: 31)!
        let tooLong = Extension(days: 150, agreedOn: agreed, category: .reasonableAdjustment, reason: "Phased return")
        do {
            try clock.checkExtension(tooLong)
            Issue.record("an extension past the cap was accepted")
        } catch {
            #expect(error.rule == .yearCap)
            #expect(error.date == limit)
            #expect(error.detail.contains("31 August 2027"))
            #expect(error.detail.contains("At most 121 days can be agreed."))
        }
        try clock.checkExtension(Extension(days: 121, agreedOn: agreed, category: .reasonableAdjustment, reason: "Phased return"))
        var capped = clock
        capped.policy.maximumCalendarMonths = 18
        #expect(throws: RuleBreach.self) {
            try capped.checkExtension(Extension(days: 30, agreedOn: agreed, category: .partTimeWorking, reason: "Hours cut"))
        }
    }

    /// A category decides what may extend the year; capability is not one, and the reply points to the plan route.
    @Test func extension_category_notCapability() throws {
        let today = CalendarDay(year: 2026, month: 5, day: 29)!
        func validate(_ category: String, agreedOn: CalendarDay = today) throws(ValidationFailure) -> Extension {
            try Extension.validate(days: 14, agreedOn: agreedOn, category: category, reason: "concerns about his capability", yearStart: start, today: today)
        }
        #expect(try validate("panel_deferral").category == .panelDeferral)
        for refused in ["capability", "performance"] {
            #expect { try validate(refused) } throws: { error in
                (error as? ValidationFailure)?.issues.first { $0.field == "category" }?.message.contains("support and action plan") == true
            }
        }
        #expect { try validate("other") } throws: { ($0 as? ValidationFailure)?.issues.map(\.field) == ["category"] }
        #expect { try validate("part_time_working", agreedOn: today.adding(days: 1)) } throws: { ($0 as? ValidationFailure)?.issues.map(\.field) == ["agreedOn"] }
        // The free-text reason does not decide: the same words under a listed category are accepted.
        #expect(try validate("other_circumstance").reason == "concerns about his capability")
    }

    /// The organisation decides whether it holds the 9-month review; by default it does (seed 002).
    @Test func nineMonthReview_isPolicy() throws {
        #expect(YearClock(start: start, fte: .fullTime).schedule(asOf: start).milestones.map(\.months) == [3, 6, 9, 12])
        let without = YearClock(start: start, fte: .fullTime, policy: YearPolicy(nineMonthReview: false))
        #expect(without.schedule(asOf: start).milestones.map(\.months) == [3, 6, 12])
        #expect(throws: ValidationFailure.self) { try YearPolicy(maximumCalendarMonths: 12).validate() }
    }

    /// "Certificate seen" only on or after the day a PASS was signed.
    @Test func certificate_onlyAfterASignedPass() throws {
        let signed = CalendarDay(year: 2026, month: 10, day: 14)!
        #expect { try Tracker.checkCertificate(seenOn: signed, passSignedOn: nil) } throws: { ($0 as? RuleBreach)?.rule == .certificateAfterPass }
        #expect { try Tracker.checkCertificate(seenOn: signed.adding(days: -1), passSignedOn: signed) } throws: { ($0 as? RuleBreach)?.date == signed }
        try Tracker.checkCertificate(seenOn: signed, passSignedOn: signed)
    }
}
