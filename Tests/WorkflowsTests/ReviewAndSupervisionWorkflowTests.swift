import Domain
import Store
import Testing
import Workflows

/// Reviews, supervision and the tracker, on a fixed date.
@Suite struct ReviewAndSupervisionWorkflowTests {
    /// A review is recorded once it has been held (by the runner's today); each signature is dated today.
    @Test func review_heldAfterToday_isRefused_andSignaturesAreDatedToday() async throws {
        let world = try await Harness.make()
        func review(heldOn: CalendarDay) -> RecordReview {
            RecordReview(world.enrolment, NewReview(milestone: 9, heldOn: heldOn, progress: "Steady progress.", statements: [], assessorComments: "",
                                                    lineManagerComments: "", agreedActions: "", assessorChangeCircumstances: nil, amends: nil,
                                                    amendmentReason: nil))
        }
        await #expect { try await world.run(review(heldOn: Harness.today.adding(days: 1)), as: world.assessor) } throws: { isInvalid($0, field: "heldOn") }
        await #expect { try await world.run(review(heldOn: Harness.today), as: world.nqsw) } throws: { isRefusal($0, .forbidden) }
        var recorded = try await world.run(review(heldOn: Harness.today), as: world.assessor)
        for signer in [world.nqsw, world.assessor, world.lineManager] {
            recorded = try await world.run(SignReview(world.enrolment, recorded.id, expectedVersion: recorded.version), as: signer)
        }
        #expect(recorded.machine.state == .signed)
        #expect(Set(recorded.signatures.values) == [Harness.today])
        let found = try await world.run(GetReview(world.enrolment, recorded.id), as: world.nqsw)
        #expect(found.review.machine.state == .signed)
    }

    /// The NQSW countersigns and the supervisor records the copy, both dated by the clock.
    @Test func supervision_countersignAndCopy_areDatedToday() async throws {
        let world = try await Harness.make()
        await #expect {
            try await world.run(RecordSupervision(world.enrolment, scheduledFor: Harness.today.adding(days: 1),
                                                  happening: .held(durationMinutes: 60, topics: "Caseload", agreedActions: "")), as: world.lineManager)
        } throws: { isInvalid($0, field: "scheduledFor") }
        let session = try await world.run(RecordSupervision(world.enrolment, scheduledFor: Harness.today,
                                                            happening: .held(durationMinutes: 60, topics: "Caseload", agreedActions: "")), as: world.lineManager)
        #expect(session.supervisorSignedOn == Harness.today)
        let signed = try await world.run(CountersignSupervision(world.enrolment, session.id, expectedVersion: session.version), as: world.nqsw)
        #expect(signed.nqswSignedOn == Harness.today)
        let copied = try await world.run(RecordSupervisionCopy(world.enrolment, session.id, expectedVersion: signed.version, givenOn: nil), as: world.lineManager)
        #expect(copied.copyGivenOn == Harness.today)
        let record = try await world.run(GetSupervision(world.enrolment, asOf: nil), as: world.nqsw)
        #expect(record.asOf == Harness.today && record.sessions.count == 1)
    }

    /// A tracker line is ticked once, on a day within the year so far.
    @Test func tracker_tickedOnce_notAfterToday() async throws {
        let world = try await Harness.make()
        await #expect { try await world.run(TickTrackerItem(world.enrolment, item: .learningAgreement, completedOn: Harness.today.adding(days: 1)),
                                            as: world.assessor) } throws: { isInvalid($0, field: "completedOn") }
        let year = try await world.run(TickTrackerItem(world.enrolment, item: .learningAgreement, completedOn: Harness.today), as: world.assessor)
        #expect(year.asOf == Harness.today)
        #expect(year.tracker.lines.first { $0.key == Tracker.ChecklistItem.learningAgreement.rawValue }?.doneOn == Harness.today)
        await #expect { try await world.run(TickTrackerItem(world.enrolment, item: .learningAgreement, completedOn: Harness.today), as: world.assessor) }
            throws: { isRefusal($0, .conflict, kind: "already-ticked") }
        #expect(try await world.run(GetCohortTracker(asOf: nil), as: world.coordinator).allSatisfy { $0.asOf == Harness.today })
    }

    /// Policies are set by coordinators, as new versions.
    @Test func policies_newVersionsByCoordinatorsOnly() async throws {
        let world = try await Harness.make()
        await #expect { try await world.run(SetPolicy(SupervisionPolicy.standard, reason: "The standard bands"), as: world.assessor) } throws: { isRefusal($0, .forbidden) }
        #expect(try await world.run(SetPolicy(SupervisionPolicy.standard, reason: "The standard bands"), as: world.coordinator).version == 1)
        #expect(try await world.run(GetPolicies(), as: world.nqsw).supervision.version == 1)
    }
}

/// The NQSW's supervisor: the line manager until a coordinator moves it,
/// each change kept with its day and reason, and sessions a coordinator
/// enters attributed to whoever supervised on the session's day.
@Suite struct SupervisorAllocationWorkflowTests {
    @Test func supervisor_changesOverTime_andAttributesEnteredSessions() async throws {
        let world = try await Harness.make()
        let before = try await world.run(GetSupervision(world.enrolment, asOf: nil), as: world.nqsw).supervisor
        #expect(before.relation == .lineManager && before.supervisorID == world.lineManager.id && before.allocations.isEmpty)
        let movedOn = CalendarDay(year: 2026, month: 3, day: 31)! // a month end
        await #expect { try await world.run(AllocateSupervisor(world.enrolment, relation: .assessor, fromOn: movedOn, reason: "Leave"), as: world.lineManager) }
            throws: { isRefusal($0, .forbidden) }
        await #expect { try await world.run(AllocateSupervisor(world.enrolment, relation: .lineManager, fromOn: movedOn, reason: "Leave"), as: world.coordinator) }
            throws: { isInvalid($0, field: "relation") }
        await #expect { try await world.run(AllocateSupervisor(world.enrolment, relation: .assessor, fromOn: Harness.today.adding(days: 1), reason: "Leave"),
                                            as: world.coordinator) } throws: { isInvalid($0, field: "fromOn") }
        await #expect { try await world.run(AllocateSupervisor(world.enrolment, relation: .assessor, fromOn: movedOn, reason: "  "), as: world.coordinator) }
            throws: { isInvalid($0, field: "reason") }
        let moved = try await world.run(AllocateSupervisor(world.enrolment, relation: .assessor, fromOn: movedOn, reason: "Line manager on long leave"),
                                        as: world.coordinator)
        #expect(moved.relation == .assessor && moved.supervisorID == world.assessor.id)
        await #expect { try await world.run(AllocateSupervisor(world.enrolment, relation: .lineManager, fromOn: movedOn, reason: "Back"), as: world.coordinator) }
            throws: { isInvalid($0, field: "fromOn") }
        func entered(on day: CalendarDay) async throws -> PersonID {
            try await world.run(RecordSupervision(world.enrolment, scheduledFor: day, happening: .held(durationMinutes: 60, topics: "Caseload", agreedActions: "")),
                                as: world.coordinator).supervisorID
        }
        #expect(try await entered(on: CalendarDay(year: 2026, month: 3, day: 30)!) == world.lineManager.id, "before the change")
        #expect(try await entered(on: movedOn) == world.assessor.id, "from the day of the change")
        let after = try await world.run(GetSupervision(world.enrolment, asOf: nil), as: world.nqsw).supervisor
        #expect(after.allocations.map(\.fromOn) == [movedOn] && after.allocations.first?.recordedBy == world.coordinator.id)
    }
}
