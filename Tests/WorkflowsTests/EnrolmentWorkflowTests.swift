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
                                               changedOn: Harness.today, circumstances: "Long-term sick leave", handoverNote: "Handed over in person.",
                                               noHandoverReason: nil), as: world.coordinator)
        await #expect { try await world.run(GetEnrolment(world.enrolment), as: world.assessor) } throws: { isRefusal($0, .notFound) }
        #expect(try await world.run(GetEnrolment(world.enrolment), as: world.otherAssessor).enrolment.assessorID == world.otherAssessor.id)
        // A change dated after the runner's today is refused.
        await #expect {
            try await world.run(ChangeAssessor(world.enrolment, expectedVersion: nil, assessor: world.assessor.id, changedOn: Harness.today.adding(days: 1),
                                               circumstances: "Back", handoverNote: "Note", noHandoverReason: nil), as: world.coordinator)
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
