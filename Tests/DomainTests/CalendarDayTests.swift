import Domain
import Testing

@Suite struct CalendarDayTests {
    /// ISO text round-trips, and impossible dates are refused.
    @Test func iso_roundTripsAndRefusesImpossibleDates() {
        #expect(CalendarDay(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDay(iso: "2023-02-29") == nil)
        #expect(CalendarDay(iso: "2026-13-01") == nil)
        #expect(CalendarDay(iso: "26-01-01") == nil)
        #expect(CalendarDay(iso: "1970-01-01")?.daysSinceEpoch == 0)
    }

    /// Adding months keeps the day of month, clamped to the month's end.
    @Test func addingMonths_clampsToMonthEnd() {
        let start = CalendarDay(year: 2025, month: 8, day: 31)!
        #expect(start.adding(months: 6).description == "2026-02-28")
        #expect(start.adding(months: 3).description == "2025-11-30")
        #expect(start.adding(months: 12).description == "2026-08-31")
        #expect(CalendarDay(year: 2024, month: 2, day: 29)!.adding(months: -12).description == "2023-02-28")
    }

    /// Days between two dates count across leap years.
    @Test func daysUntil_countsLeapDays() {
        let a = CalendarDay(year: 2024, month: 1, day: 1)!
        let b = CalendarDay(year: 2025, month: 1, day: 1)!
        #expect(a.days(until: b) == 366)
        #expect(b.days(until: a) == -366)
        #expect(a.adding(days: 366) == b)
    }

    /// Every day over four centuries converts to components and back.
    @Test func components_roundTripOverFourCenturies() {
        for offset in stride(from: -146_097, through: 146_097, by: 7) {
            let day = CalendarDay(daysSinceEpoch: offset)
            let (y, m, d) = day.components
            #expect(CalendarDay(year: y, month: m, day: d) == day)
        }
    }
}

@Suite struct ContractedTimeTests {
    /// Fractions from 0.1 to 1 with at most three decimals are accepted exactly.
    @Test func fraction_acceptsThreeDecimalsInRange() {
        #expect(ContractedTime(fraction: 0.6)?.description == "0.600")
        #expect(ContractedTime(fraction: 1)?.description == "1.000")
        #expect(ContractedTime(fraction: 0.125)?.thousandths == 125)
        #expect(ContractedTime(fraction: 0.05) == nil)
        #expect(ContractedTime(fraction: 1.2) == nil)
        #expect(ContractedTime(fraction: 0.6001) == nil)
        #expect(ContractedTime(fraction: .nan) == nil)
        #expect(ContractedTime(decimalText: "0.800")?.thousandths == 800)
    }
}
