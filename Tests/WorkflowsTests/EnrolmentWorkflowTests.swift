import Domain
import Store
import Testing
import Workflows

/// Enrolling, changing terms and the change of assessor, run as use cases on a fixed date.
@Suite struct EnrolmentWorkflowTests {
    /// A year may start up to twelve months ahead of the runner's today, and no later.
    @Test func enrol_startMoreThanAYearAhead_isRefusedOnTheInjectedDate() async throws {
        let world = try await Harness.make()
        let newcomer = try await world.addPerson("Newcomer", [.nqsw])
        func enrolling(_ start: CalendarDay) -> EnrolNQSW {
            EnrolNQSW(NewEnrolment(nqswID: newcomer.id, setting: .adults, startDate: start, fte: .fullTime, assessorID: world.assessor.id,
                                   lineManagerID: world.lineManager.id))
        }
        await #expect { try await world.run(enrolling(CalendarDay(year: 2027, month: 6, day: 11)!), as: world.coordinator) }
            throws: { isInvalid($0, field: "startDate") }
        let record = try await world.run(enrolling(CalendarDay(year: 2027, month: 6, day: 10)!), as: world.coordinator)
        #expect(record.enrolment.startDate == CalendarDay(year: 2027, month: 6, day: 10)!)
        await #expect { try await world.run(enrolling(Harness.today), as: world.assessor) } throws: { isRefusal($0, .forbidden) }
    }

    /// Access follows the current assessor: after a change, the former one no longer sees the year and the new one does.
    @Test func changeOfAssessor_movesAccessAtOnce() async throws {
        let world = try await Harness.make()
        let before = try await world.run(GetEnrolment(world.enrolment), as: world.assessor)
        _ = try await world.run(ChangeAssessor(world.enrolment, expectedVersion: before.enrolment.version, assessor: world.otherAssessor.id,
                                               changedOn: Harness.today, circumstances: "Long-term sick leave",
                                               handover: handover(world, to: world.otherAssessor)), as: world.coordinator)
        await #expect { try await world.run(GetEnrolment(world.enrolment), as: world.assessor) } throws: { isRefusal($0, .notFound) }
        #expect(try await world.run(GetEnrolment(world.enrolment), as: world.otherAssessor).enrolment.assessorID == world.otherAssessor.id)
        // A change dated after the runner's today is refused.
        await #expect {
            try await world.run(ChangeAssessor(world.enrolment, expectedVersion: nil, assessor: world.assessor.id, changedOn: Harness.today.adding(days: 1),
                                               circumstances: "Back", handover: handover(world, to: world.assessor)), as: world.coordinator)
        } throws: { isInvalid($0, field: "changedOn") }
    }

    /// A change against a version someone else replaced is stale, and writes no audit event.
    @Test func staleChange_isRefusedAndWritesNothing() async throws {
        let world = try await Harness.make()
        let history = try await world.run(ReadEnrolmentAudit(world.enrolment), as: world.coordinator)
        await #expect {
            try await world.run(ChangeEnrolmentTerms(world.enrolment, expectedVersion: 99, change: EnrolmentChange(fte: ContractedTime(fraction: 0.5))),
                                as: world.coordinator)
        } throws: { isRefusal($0, .stale) }
        #expect(try await world.run(ReadEnrolmentAudit(world.enrolment), as: world.coordinator).count == history.count)
    }
}

/// A formal handover from the current assessor to `incoming`, held yesterday with the coordinator.
func handover(_ world: Harness, to incoming: Harness.Member, from outgoing: Harness.Member? = nil) -> Handover.Request {
    Handover.Request(heldOn: Harness.today.adding(days: -1), attendees: [(outgoing ?? world.assessor).id, incoming.id, world.coordinator.id],
                     continuingSupport: "Joint supervision for the first month", note: "Progress good; two observations due", exception: nil, explanation: nil)
}

/// A change of assessor needs a formal handover, or an exceptional reason from
/// the list; the next review's circumstances start from every change since
/// the last review, and must account for each.
@Suite struct HandoverWorkflowTests {
    @Test func handover_isFormal_andTheNextReviewAccountsForEveryChange() async throws {
        let world = try await Harness.make()
        let third = try await world.addPerson("third-assessor", [.assessor])
        var informal = handover(world, to: world.otherAssessor)
        informal.attendees = [world.assessor.id, world.otherAssessor.id]
        await #expect {
            try await world.run(ChangeAssessor(world.enrolment, expectedVersion: nil, assessor: world.otherAssessor.id, changedOn: Harness.today.adding(days: -20),
                                               circumstances: "Moved team", handover: informal), as: world.coordinator)
        } throws: { isInvalid($0, field: "handoverAttendeeIds") }
        let first = Harness.today.adding(days: -20)
        var earlier = handover(world, to: world.otherAssessor)
        earlier.heldOn = first.adding(days: -2)
        _ = try await world.run(ChangeAssessor(world.enrolment, expectedVersion: nil, assessor: world.otherAssessor.id, changedOn: first,
                                               circumstances: "Moved team", handover: earlier), as: world.coordinator)
        _ = try await world.run(ChangeAssessor(world.enrolment, expectedVersion: nil, assessor: third.id, changedOn: Harness.today.adding(days: -5),
                                               circumstances: "Left", handover: Handover.Request(heldOn: nil, attendees: [], continuingSupport: nil, note: nil,
                                                                                                  exception: "outgoing_left_without_notice",
                                                                                                  explanation: "Resigned with immediate effect")),
                                as: world.coordinator)
        // Mentioning one of the two changes is not enough.
        var partial = world.review(9, heldOn: Harness.today)
        partial.review.assessorChangeCircumstances = "Assessor changed on \(first.spoken) after a team move."
        await #expect { try await world.run(partial, as: third) } throws: { error in
            (error as? ValidationFailure)?.issues.first?.message.contains(Harness.today.adding(days: -5).spoken) == true
        }
        let prefilled = try await world.run(world.review(9, heldOn: Harness.today), as: third)
        let text = try #require(prefilled.assessorChangeCircumstances)
        #expect(text.contains(first.spoken) && text.contains("handover on \(first.adding(days: -2).spoken) attended by"))
        #expect(text.contains("Coordinator") && text.contains("no handover (outgoing left without notice)"))
    }
}
