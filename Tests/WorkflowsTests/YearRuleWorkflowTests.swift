import Domain
import Store
import Testing
import Workflows

/// The year's rules through the use cases: each refusal names its rule and
/// deciding date, and writes nothing — no row, no audit event.
@Suite struct YearRuleWorkflowTests {
    /// A year that started on 10 March 2026 in the cast's organisation: its
    /// reviews are still ahead of the harness's today (10 June 2026).
    func youngYear(_ world: Harness) async throws -> Harness {
        let enrolment = try await world.run(EnrolNQSW(NewEnrolment(
            nqswID: try await world.addPerson("young-nqsw", [.nqsw]).id, setting: .adults, startDate: CalendarDay(year: 2026, month: 3, day: 10)!,
            fte: .fullTime, assessorID: world.assessor.id, lineManagerID: world.lineManager.id)), as: world.coordinator)
        return Harness(runner: world.runner, organisation: world.organisation, coordinator: world.coordinator, assessor: world.assessor,
                       otherAssessor: world.otherAssessor, lineManager: world.lineManager, nqsw: world.nqsw, psw: world.psw, chair: world.chair,
                       members: world.members, enrolment: enrolment.enrolment.id)
    }

    /// A 3-month review held before 10 June is refused naming the due date; on the day it is recorded.
    @Test func review_beforeItsDate_isRefusedAndWritesNothing() async throws {
        let world = try await youngYear(try await Harness.make())
        let due = CalendarDay(year: 2026, month: 6, day: 10)!
        let events = try await world.auditEventCount()
        await #expect { try await world.run(world.review(3, heldOn: due.adding(days: -1)), as: world.assessor) }
            throws: { isBreach($0, .reviewNotBeforeDue, date: due) }
        #expect(try await world.run(ListReviews(world.enrolment), as: world.assessor).isEmpty)
        #expect(try await world.auditEventCount() == events)
        #expect(try await world.run(world.review(3, heldOn: due), as: world.assessor).milestone == 3)
    }

    /// Without a final review, the recommendation is refused naming when that review falls due.
    @Test func recommendation_beforeTheFinalReview_namesItsDueDate() async throws {
        let world = try await youngYear(try await Harness.make())
        let proposal = RecommendationProposal(outcome: .pass, rationale: "Strong year.", borderline: false, grade: nil,
                                              justifications: Dictionary(uniqueKeysWithValues: Criterion.allCases.map { ($0, "Seen.") }))
        await #expect { try await world.run(SubmitRecommendation(world.enrolment, proposal), as: world.assessor) }
            throws: { isBreach($0, .recommendationAfterFinalReview, date: CalendarDay(year: 2027, month: 3, day: 10)!) }
    }

    /// An extension past the organisation's cap is refused with the cap's
    /// date; a lower cap set as policy refuses a shorter one.
    @Test func extension_pastTheCap_isRefusedAndWritesNothing() async throws {
        let world = try await Harness.make()
        let limit = CalendarDay(year: 2027, month: 6, day: 1)!
        let events = try await world.auditEventCount()
        await #expect {
            try await world.run(RecordExtension(world.enrolment, days: 400, agreedOn: CalendarDay(year: 2026, month: 5, day: 1)!,
                                                category: "reasonable_adjustment", reason: "Phased return"), as: world.coordinator)
        } throws: { isBreach($0, .yearCap, date: limit) }
        #expect(try await world.run(GetSchedule(world.enrolment, asOf: nil), as: world.coordinator).clock.extensions.isEmpty)
        #expect(try await world.auditEventCount() == events)
        await #expect {
            try await world.run(RecordExtension(world.enrolment, days: 30, agreedOn: Harness.today, category: "capability", reason: "Struggling"),
                                as: world.coordinator)
        } throws: { isInvalid($0, field: "category") }

        let policy = try await world.run(SetPolicy(YearPolicy(nineMonthReview: true, maximumCalendarMonths: 13), reason: "A shorter cap agreed with HR"), as: world.coordinator)
        #expect(policy.version == 1)
        await #expect {
            try await world.run(RecordExtension(world.enrolment, days: 60, agreedOn: CalendarDay(year: 2026, month: 5, day: 1)!,
                                                category: "part_time_working", reason: "Hours cut"), as: world.coordinator)
        } throws: { isBreach($0, .yearCap, date: CalendarDay(year: 2026, month: 7, day: 1)!) }
        let extended = try await world.run(RecordExtension(world.enrolment, days: 20, agreedOn: CalendarDay(year: 2026, month: 5, day: 1)!,
                                                           category: "part_time_working", reason: "Hours cut"), as: world.coordinator)
        #expect(extended.clock.extensions.map(\.category) == [.partTimeWorking])
        #expect(extended.clock.dueDate(afterMonths: 12) == CalendarDay(year: 2026, month: 6, day: 21)!)
    }

    /// An organisation that does not hold the 9-month review has no such
    /// milestone, and a 9-month review is refused; the tracker drops the line.
    @Test func nineMonthReview_offByPolicy() async throws {
        let world = try await Harness.make()
        _ = try await world.run(SetPolicy(YearPolicy(nineMonthReview: false), reason: "No 9-month review here"), as: world.coordinator)
        let schedule = try await world.run(GetSchedule(world.enrolment, asOf: nil), as: world.coordinator)
        #expect(schedule.clock.schedule(asOf: Harness.today).milestones.map(\.months) == [3, 6, 12])
        await #expect { try await world.run(world.review(9, heldOn: Harness.today), as: world.assessor) } throws: { isInvalid($0, field: "milestone") }
        let tracker = try await world.run(GetTracker(world.enrolment, asOf: nil), as: world.coordinator)
        #expect(!tracker.tracker.lines.map(\.key).contains("review_9"))
        #expect(try await world.run(GetPolicies(), as: world.nqsw).year.version == 1)
    }

    /// "Certificate seen" before any signed PASS is refused and leaves the line pending.
    @Test func certificate_beforeAPass_isRefused() async throws {
        let world = try await Harness.make()
        await #expect { try await world.run(TickTrackerItem(world.enrolment, item: .certificateSeen, completedOn: Harness.today), as: world.coordinator) }
            throws: { isBreach($0, .certificateAfterPass, date: nil) }
        let tracker = try await world.run(GetTracker(world.enrolment, asOf: nil), as: world.coordinator)
        #expect(tracker.tracker.lines.first { $0.key == "certificate_seen" }?.status == .pending)
    }
}
