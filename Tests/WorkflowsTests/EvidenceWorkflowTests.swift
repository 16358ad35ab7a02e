import Domain
import Store
import Testing
import Workflows

/// Evidence, its judgement and verification, the matrix and the sufficiency check, on a fixed date.
@Suite struct EvidenceWorkflowTests {
    /// Practice dated after the runner's today is refused; dated today it is added, with today as its entry date.
    @Test func evidence_practiceAfterToday_isRefused() async throws {
        let world = try await Harness.make()
        await #expect { try await world.evidence(on: Harness.today.adding(days: 1)) } throws: { isInvalid($0, field: "practiceDate") }
        let item = try await world.evidence()
        #expect(item.addedOn == Harness.today)
    }

    /// The assessor judges and verifies once; verification is dated by the clock, a second one is a conflict.
    @Test func verification_happensOnce_onToday() async throws {
        let world = try await Harness.make()
        let item = try await world.evidence()
        let judged = try await world.run(JudgeEvidence(world.enrolment, item.id, level: .meets, feedback: "Clear analysis", resolution: false,
                                                       aiUseSuspected: nil), as: world.assessor)
        #expect(judged.judgements.map(\.recordedOn) == [Harness.today])
        await #expect { try await world.run(VerifyEvidence(world.enrolment, item.id, expectedVersion: nil), as: world.nqsw) }
            throws: { isRefusal($0, .forbidden) }
        let verified = try await world.run(VerifyEvidence(world.enrolment, item.id, expectedVersion: nil), as: world.assessor)
        #expect(verified.verification?.verifiedOn == Harness.today)
        await #expect { try await world.run(VerifyEvidence(world.enrolment, item.id, expectedVersion: nil), as: world.assessor) }
            throws: { isRefusal($0, .conflict, kind: "already-verified") }
    }

    /// Reads default to the runner's today: the matrix, the schedule and the sufficiency check.
    @Test func reads_defaultToTheInjectedToday() async throws {
        let world = try await Harness.make()
        _ = try await world.evidence()
        #expect(try await world.run(GetEvidenceMatrix(world.enrolment, asOf: nil), as: world.assessor).asOf == Harness.today)
        #expect(try await world.run(GetSchedule(world.enrolment, asOf: nil), as: world.nqsw).asOf == Harness.today)
        let report = try await world.run(CheckSufficiency(world.enrolment, asOf: nil), as: world.assessor).report
        #expect(report.asOf == Harness.today.description)
        #expect(report.findings.map(\.criterion) == Criterion.allCases.map(\.rawValue))
    }

    /// An absence is recorded by the line manager; an extension only by a coordinator.
    @Test func absenceAndExtension_byWhoseRoleItIs() async throws {
        let world = try await Harness.make()
        let clock = try await world.run(RecordAbsence(world.enrolment, kind: "sickness", start: Harness.today.adding(days: -20),
                                                      end: Harness.today.adding(days: -6), reason: "Flu"), as: world.lineManager)
        #expect(clock.clock.absences.count == 1)
        await #expect { try await world.run(RecordExtension(world.enrolment, days: 30, agreedOn: Harness.today, category: "part_time_working", reason: "Part-time"), as: world.assessor) }
            throws: { isRefusal($0, .forbidden) }
        #expect(try await world.run(RecordExtension(world.enrolment, days: 30, agreedOn: Harness.today, category: "part_time_working", reason: "Part-time"), as: world.coordinator)
            .clock.extensions.count == 1)
    }
}
