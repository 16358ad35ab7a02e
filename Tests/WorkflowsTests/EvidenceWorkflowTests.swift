import Domain
import PQ
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

/// Suspected generative-AI use reaches the tracker and the panel pack, and is
/// answered only by a presentation with the assessor's written feedback.
@Suite struct PresentationWorkflowTests {
    @Test func aiFlag_tracksAPresentation_intoThePanelPack() async throws {
        let world = try await Harness.make()
        let reflection = try await world.evidence(.criticalReflection, on: Harness.today.adding(days: -30))
        _ = try await world.run(JudgeEvidence(world.enrolment, reflection.id, level: .meets, feedback: "Phrasing matches generated text", resolution: false,
                                              aiUseSuspected: true), as: world.assessor)
        func state() async throws -> (line: Tracker.Line?, pack: PresentationRequirement?) {
            let tracker = try await world.run(GetTracker(world.enrolment, asOf: nil), as: world.coordinator).tracker
            let organisation = world.organisation, enrolment = world.enrolment
            let pack = try await world.runner.pool.transaction { connection in
                try Tenancy.enter(organisation, on: connection)
                let record = try #require(try EnrolmentRepository.find(enrolment, in: organisation, on: connection))
                return try PanelPackRepository.load(record, asOf: Harness.today, on: connection).presentation
            }
            return (tracker.lines.first { $0.key == "reflection_presentation" }, pack)
        }
        var now = try await state()
        #expect(now.line?.status == .overdue && now.pack?.isAnswered == false, "the final review has fallen due without it")
        #expect(now.pack?.flags.first?.feedback == "Phrasing matches generated text")
        let presentation = try await world.evidence(.presentation, on: Harness.today.adding(days: -2))
        #expect(try await state().pack?.isAnswered == false, "not until the assessor writes feedback")
        _ = try await world.run(JudgeEvidence(world.enrolment, presentation.id, level: .meets, feedback: "Confident, own analysis", resolution: false,
                                              aiUseSuspected: nil), as: world.assessor)
        now = try await state()
        #expect(now.line?.status == .done && now.pack?.answer?.feedback == "Confident, own analysis")
    }
}

/// Security review finding 6 (in part): a year's evidence is capped by the
/// organisation's year policy (a clear 422 past it), and the API reads it a
/// page at a time, never whole.
@Suite struct EvidenceCapAndPagingTests {
    @Test func evidence_isCappedByPolicy_andListedByPages() async throws {
        let world = try await Harness.make()
        _ = try await world.run(SetPolicy(YearPolicy(maximumEvidenceItems: 100), reason: "A portfolio is a selection"), as: world.coordinator)
        for _ in 0..<100 { _ = try await world.evidence() }
        await #expect { _ = try await world.evidence() } throws: { isInvalid($0, field: "evidence") }
        var seen: [EvidenceID] = []
        var after: EvidenceID?
        repeat {
            let page = try await world.run(ListEvidencePage(world.enrolment, after: after, limit: 30), as: world.assessor)
            #expect(page.items.count == (page.next == nil ? 10 : 30))
            seen += page.items.map(\.id)
            after = page.next
        } while after != nil
        #expect(seen.count == 100 && Set(seen).count == 100, "every item once, across four pages")
        #expect(seen == (try await world.run(ListEvidence(world.enrolment), as: world.assessor)).map(\.id), "in portfolio order")
    }
}
