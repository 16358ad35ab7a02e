import Foundation
import Domain
import Store
import Testing
import Workflows

/// The recommendation, the panel that hears it and the moderation sample that
/// checks it, across days: each step runs on the day it happens.
@Suite struct PanelWorkflowTests {
    func proposal(_ outcome: RecommendedOutcome = .pass) -> RecommendationProposal {
        RecommendationProposal(outcome: outcome, rationale: "The evidence shows the KSS met across the year.", borderline: false, grade: nil,
                               justifications: Dictionary(uniqueKeysWithValues: Criterion.allCases.map { ($0, "Seen in supervision and reviews.") }))
    }

    /// No recommendation before the final review; after it, the snapshot and the version are dated today.
    @Test func recommendation_needsTheFinalReview() async throws {
        let world = try await Harness.make()
        await #expect { try await world.run(SubmitRecommendation(world.enrolment, proposal()), as: world.assessor) }
            throws: { error in
                let breach = error as? RuleBreach
                return breach?.rule == .recommendationAfterFinalReview && breach?.date == CalendarDay(year: 2026, month: 6, day: 1)
            }
        try await world.signedFinalReview()
        let record = try await world.run(SubmitRecommendation(world.enrolment, proposal()), as: world.assessor)
        #expect(record.versions.last?.submittedOn == Harness.today)
        #expect(record.versions.last?.snapshot.contains("\"asOf\": \"\(Harness.today)\"") == true)
        #expect(try await world.run(GetRecommendation(world.enrolment), as: world.nqsw)?.id == record.id)
    }

    /// A recommendation made at the final review and entered days later carries
    /// its own day, and its check is run as of that day; never before the review.
    @Test func recommendation_enteredLater_carriesItsDay() async throws {
        let world = try await Harness.make()
        let heldOn = CalendarDay(year: 2026, month: 6, day: 1)!
        try await world.signedFinalReview(heldOn: heldOn)
        var early = proposal()
        early.occurredOn = CalendarDay(year: 2026, month: 5, day: 29)!
        await #expect { try await world.run(SubmitRecommendation(world.enrolment, early), as: world.assessor) } throws: { isInvalid($0, field: "occurredOn") }
        var made = proposal()
        made.occurredOn = CalendarDay(year: 2026, month: 6, day: 3)!
        let record = try await world.run(SubmitRecommendation(world.enrolment, made), as: world.assessor)
        #expect(record.versions.last?.submittedOn == made.occurredOn)
        #expect(record.versions.last?.snapshot.contains("\"asOf\": \"2026-06-03\"") == true)
    }

    /// Scheduled, listed, sat, decided and signed: the signature closes the year in the
    /// same transaction (the machine's effect), and the decided case can be sampled.
    @Test func panel_signature_closesTheYear_andTheCaseIsSampled() async throws {
        let world = try await Harness.make()
        try await world.signedFinalReview()
        let recommendation = try await world.run(SubmitRecommendation(world.enrolment, proposal()), as: world.assessor)
        let sitsOn = Harness.today.adding(days: 14)
        let schedule = PanelSchedule(sitsOn: sitsOn, startsAt: 600, endsAt: 720, location: "Room 2", capacity: 6, evidenceDeadline: Harness.today.adding(days: 7))
        var tooEarly = schedule
        tooEarly.sitsOn = Harness.today
        await #expect {
            try await world.run(SchedulePanel(schedule: tooEarly, chair: world.chair.id, members: world.members.map(\.id), scheduleNow: true), as: world.coordinator)
        } throws: { isInvalid($0, field: "sitsOn") }
        let panel = try await world.run(SchedulePanel(schedule: schedule, chair: world.chair.id, members: world.members.map(\.id), scheduleNow: true),
                                        as: world.coordinator).agenda.panel
        let listed = try await world.run(ListCaseAtPanel(panel.id, enrolment: world.enrolment), as: world.coordinator).record
        let sitting = world.on(sitsOn)
        let opened = try await sitting.run(ApplyPanelEvent(panel.id, expectedVersion: panel.version, command: .open), as: world.chair)
        #expect(opened.agenda.panel.machine.state == .inSession)
        let decision = PanelDecisionProposal(recommendationVersion: recommendation.versions.count, kind: .confirm, outcome: nil, reasons: nil,
                                             evidenceRequired: nil, deadline: nil)
        _ = try await sitting.run(RecordPanelDecision(panel.id, listed.id, expectedVersion: nil, proposal: decision), as: world.members[0])
        await #expect { try await sitting.run(SignPanelDecision(panel.id, listed.id, expectedVersion: nil), as: world.members[1]) }
            throws: { isRefusal($0, .forbidden) }
        let signed = try await sitting.run(SignPanelDecision(panel.id, listed.id, expectedVersion: nil), as: world.chair)
        #expect(signed.record.decision?.signedOn == sitsOn)
        #expect(try await sitting.run(GetEnrolment(world.enrolment), as: world.coordinator).enrolment.status == .passed)
        // The certificate follows the signed PASS, not before it.
        await #expect { try await sitting.run(TickTrackerItem(world.enrolment, item: .certificateSeen, completedOn: sitsOn.adding(days: -1)), as: world.coordinator) }
            throws: { isBreach($0, .certificateAfterPass, date: sitsOn) }
        let certified = try await sitting.run(TickTrackerItem(world.enrolment, item: .certificateSeen, completedOn: sitsOn), as: world.coordinator)
        #expect(certified.tracker.lines.first { $0.key == "certificate_seen" }?.status == .done)
        let panelLine = certified.tracker.lines.first { $0.key == "panel" }
        #expect(panelLine?.status == .done && panelLine?.doneOn == sitsOn && panelLine?.detail.hasPrefix("PASS") == true, "the outcome reaches the tracker")
        #expect(try await sitting.run(GetRecommendation(world.enrolment), as: world.coordinator)?.machine.state.kind == .decided)
        let moderator = try await world.addPerson("Moderator", [.moderator])
        let sample = try await sitting.run(DrawModerationSample(decidedFrom: sitsOn, decidedTo: sitsOn, seed: 7, sharePercent: 100,
                                                                moderators: [.init(personID: moderator.id, external: false)]), as: world.coordinator)
        #expect(sample.sample.cases.map(\.caseID) == [listed.id])
        #expect(try await sitting.run(ListModerationSamples(), as: moderator).count == 1)
    }
}

/// Deciding at a sitting: a new deadline falls after the panel's date and
/// within the year's cap; a confirmation cannot carry another outcome; a chair
/// who is conflicted never signs; a released case's pack closes to the panel.
@Suite struct PanelSittingTests {
    @Test func decisionRules_conflictedChair_releasedPack() async throws {
        let world = try await Harness.make()
        let third = try await world.addPerson("Member", [.panelMember])
        let heard = try await world.listedCase(extraMembers: [third])
        let (recommendation, panel, listed, sitsOn, sitting) = (heard.recommendation, heard.panel, heard.listed, heard.sitsOn, heard.sitting)
        // The chair finds they know the NQSW; three members free of conflict remain, a quorum.
        _ = try await sitting.run(DeclarePanelConflict(panel.id, listed.id, reason: "The NQSW is my niece"), as: world.chair)
        func propose(_ kind: PanelDecision.Kind, outcome: RecommendedOutcome? = nil, deadline: CalendarDay? = nil) -> RecordPanelDecision {
            RecordPanelDecision(panel.id, listed.id, expectedVersion: nil, proposal: PanelDecisionProposal(
                recommendationVersion: recommendation.versions.count, kind: kind, outcome: outcome, reasons: kind == .confirm ? nil : "Needs more time",
                evidenceRequired: nil, deadline: deadline))
        }
        await #expect { try await sitting.run(propose(.confirm, outcome: .fail), as: world.members[0]) } throws: { isInvalid($0, field: "outcome") }
        await #expect { try await sitting.run(propose(.deferral, deadline: sitsOn), as: world.members[0]) } throws: { isInvalid($0, field: "deadline") }
        let cap = CalendarDay(year: 2027, month: 6, day: 1)! // 24 months from the harness's 1 June 2025 start
        await #expect { try await sitting.run(propose(.deferral, deadline: cap.adding(days: 1)), as: world.members[0]) }
            throws: { isBreach($0, .yearCap, date: cap) }
        _ = try await sitting.run(propose(.confirm, outcome: .pass), as: world.members[0])
        await #expect { try await sitting.run(SignPanelDecision(panel.id, listed.id, expectedVersion: nil), as: world.chair) }
            throws: { isRefusal($0, .conflict, kind: "chair-conflicted") }
        #expect(try await sitting.run(GetEnrolment(world.enrolment), as: world.coordinator).enrolment.status == .active, "nothing took effect")
        _ = try await sitting.run(ReadPanelPack(panel.id, listed.id), as: world.members[1])
        _ = try await sitting.run(ReleasePanelCase(panel.id, listed.id, expectedVersion: nil, reason: "The chair is conflicted"), as: world.coordinator)
        await #expect { try await sitting.run(ReadPanelPack(panel.id, listed.id), as: world.members[1]) } throws: { isRefusal($0, .notFound) }
    }
}

/// A deputy chair chosen when the panel is scheduled signs for a case the
/// chair is conflicted for.
@Suite struct DeputyChairTests {
    @Test func deputySigns_whereTheChairIsConflicted() async throws {
        let world = try await Harness.make()
        let third = try await world.addPerson("Member", [.panelMember])
        let schedule = PanelSchedule(sitsOn: Harness.today.adding(days: 21), startsAt: 600, endsAt: 720, location: "Room 3", capacity: 6,
                                     evidenceDeadline: Harness.today.adding(days: 14))
        await #expect {
            try await world.run(SchedulePanel(schedule: schedule, chair: world.chair.id, members: world.members.map(\.id), scheduleNow: true,
                                              deputyChair: world.chair.id), as: world.coordinator)
        } throws: { isInvalid($0, field: "deputyChairId") }
        let heard = try await world.listedCase(extraMembers: [third], deputy: world.members[0].id)
        let (recommendation, panel, listed, sitting) = (heard.recommendation, heard.panel, heard.listed, heard.sitting)
        _ = try await sitting.run(DeclarePanelConflict(panel.id, listed.id, reason: "I taught the NQSW"), as: world.chair)
        _ = try await sitting.run(RecordPanelDecision(panel.id, listed.id, expectedVersion: nil, proposal: PanelDecisionProposal(
            recommendationVersion: recommendation.versions.count, kind: .confirm, outcome: nil, reasons: nil, evidenceRequired: nil, deadline: nil)),
            as: world.members[1])
        await #expect { try await sitting.run(SignPanelDecision(panel.id, listed.id, expectedVersion: nil), as: world.chair) }
            throws: { isRefusal($0, .conflict, kind: "chair-conflicted") }
        let signed = try await sitting.run(SignPanelDecision(panel.id, listed.id, expectedVersion: nil), as: world.members[0])
        #expect(signed.record.decision?.signedBy == world.members[0].id)
        #expect(try await sitting.run(GetEnrolment(world.enrolment), as: world.coordinator).enrolment.status == .passed)
    }
}

/// The chair records who is present; a decision records who took part, and
/// quorum is counted on them — present and free of conflict — not on the
/// panel's list.
@Suite struct PanelAttendanceTests {
    @Test func quorum_isCountedOnThoseTakingPart() async throws {
        let world = try await Harness.make()
        let heard = try await world.listedCase()
        let (recommendation, panel, listed, sitting) = (heard.recommendation, heard.panel, heard.listed, heard.sitting)
        #expect(try await sitting.run(GetPanel(panel.id), as: world.chair).agenda.present == panel.memberIDs, "opening the session records everyone present")
        await #expect { try await sitting.run(RecordPanelAttendance(panel.id, present: [world.chair.id]), as: world.members[0]) }
            throws: { isRefusal($0, .forbidden) }
        // One member leaves: two remain, below the quorum of three.
        _ = try await sitting.run(RecordPanelAttendance(panel.id, present: [world.chair.id, world.members[0].id]), as: world.chair)
        func decide(_ participants: Set<PersonID>? = nil) -> RecordPanelDecision {
            RecordPanelDecision(panel.id, listed.id, expectedVersion: nil, proposal: PanelDecisionProposal(
                recommendationVersion: recommendation.versions.count, kind: .confirm, outcome: nil, reasons: nil, evidenceRequired: nil, deadline: nil,
                participants: participants))
        }
        await #expect { try await sitting.run(decide(), as: world.members[0]) } throws: { isRefusal($0, .conflict, kind: "not-quorate") }
        await #expect { try await sitting.run(decide([world.chair.id, world.members[0].id, world.members[1].id]), as: world.members[0]) }
            throws: { isInvalid($0, field: "participantIds") }
        _ = try await sitting.run(RecordPanelAttendance(panel.id, present: panel.memberIDs), as: world.chair)
        await #expect { try await sitting.run(decide([world.chair.id, world.members[1].id]), as: world.members[0]) }
            throws: { isInvalid($0, field: "participantIds") }
        let recorded = try await sitting.run(decide(), as: world.members[0])
        #expect(Set(recorded.record.decision?.participants ?? []) == panel.memberIDs)
        // Private deliberation notes: the sitting's own, never the NQSW's or the assessor's.
        _ = try await sitting.run(AddDeliberationNote(panel.id, listed.id, text: "Observations thin but consistent"), as: world.members[1])
        #expect(try await sitting.run(ListDeliberationNotes(panel.id, listed.id), as: world.chair).map(\.text) == ["Observations thin but consistent"])
        for outsider in [world.nqsw, world.assessor, world.coordinator] {
            await #expect { try await sitting.run(ListDeliberationNotes(panel.id, listed.id), as: outsider) } throws: { isRefusal($0, .notFound) }
        }
        let hearings = try await sitting.run(ListPanelHearings(world.enrolment), as: world.nqsw)
        #expect(!String(describing: hearings).contains("thin but consistent"))
    }
}

/// Members change before a panel sits; every listed case is checked again,
/// and a change that would leave one unheard is refused, naming it.
@Suite struct PanelMembershipTests {
    @Test func membersChange_andListedCasesAreRechecked() async throws {
        let world = try await Harness.make()
        try await world.signedFinalReview()
        _ = try await world.run(SubmitRecommendation(world.enrolment, PanelWorkflowTests().proposal()), as: world.assessor)
        let fourth = try await world.addPerson("Member", [.panelMember])
        let schedule = PanelSchedule(sitsOn: Harness.today.adding(days: 14), startsAt: 600, endsAt: 720, location: "Room 2", capacity: 6,
                                     evidenceDeadline: Harness.today.adding(days: 7))
        var panel = try await world.run(SchedulePanel(schedule: schedule, chair: world.chair.id, members: world.members.map(\.id), scheduleNow: true),
                                        as: world.coordinator).agenda.panel
        let listed = try await world.run(ListCaseAtPanel(panel.id, enrolment: world.enrolment), as: world.coordinator).record
        panel = try await world.run(ChangePanelMembers(panel.id, adding: [fourth.id], removing: [], reason: "A fuller panel", expectedVersion: nil),
                                    as: world.coordinator).agenda.panel
        #expect(panel.memberIDs.contains(fourth.id))
        _ = try await world.run(DeclarePanelConflict(panel.id, listed.id, reason: "I know the family"), as: fourth)
        // Removing another member would leave the case with two members free of conflict: refused, naming the case.
        await #expect {
            try await world.run(ChangePanelMembers(panel.id, adding: [], removing: [world.members[0].id], reason: "Unwell", expectedVersion: nil),
                                as: world.coordinator)
        } throws: { isRefusal($0, .conflict, kind: "membership-breaks-cases") }
        await #expect {
            try await world.run(ChangePanelMembers(panel.id, adding: [], removing: [world.chair.id], reason: "Unwell", expectedVersion: nil), as: world.coordinator)
        } throws: { isInvalid($0, field: "removeIds") }
        await #expect {
            try await world.run(ChangePanelMembers(panel.id, adding: [world.assessor.id], removing: [], reason: "More", expectedVersion: nil), as: world.coordinator)
        } throws: { isInvalid($0, field: "addIds") }
        await #expect {
            try await world.run(ChangePanelMembers(panel.id, adding: [], removing: [world.members[1].id], reason: "Unwell", expectedVersion: nil), as: world.chair)
        } throws: { isRefusal($0, .forbidden) }
    }
}

/// The graded scale (seed 001), off by default: where a coordinator turns it
/// on, a recommendation's grade agrees with its outcome and a direct
/// observation may be graded; where it is off, no grade is taken.
@Suite struct GradedScaleTests {
    @Test func grades_agreeWithTheOutcome_andOnlyWhereTheOrganisationGrades() async throws {
        let world = try await Harness.make()
        try await world.signedFinalReview()
        func proposal(_ outcome: RecommendedOutcome, grade: Int?) -> RecommendationProposal {
            var proposal = PanelWorkflowTests().proposal(outcome)
            proposal.grade = grade
            return proposal
        }
        await #expect { try await world.run(SubmitRecommendation(world.enrolment, proposal(.pass, grade: 5)), as: world.assessor) }
            throws: { isInvalid($0, field: "grade") }
        let observation = try await world.evidence(.directObservation, by: world.assessor)
        await #expect {
            try await world.run(JudgeEvidence(world.enrolment, observation.id, level: .meets, feedback: "Clear", resolution: false, aiUseSuspected: nil,
                                              grade: 5), as: world.assessor)
        } throws: { isInvalid($0, field: "grade") }
        _ = try await world.run(SetPolicy(PanelPolicy(gradedScale: true), reason: "We grade from this cohort"), as: world.coordinator)
        for (outcome, grade) in [(RecommendedOutcome.pass, nil), (.pass, 3), (.fail, 4)] as [(RecommendedOutcome, Int?)] {
            await #expect { try await world.run(SubmitRecommendation(world.enrolment, proposal(outcome, grade: grade)), as: world.assessor) }
                throws: { isInvalid($0, field: "grade") }
        }
        let graded = try await world.run(JudgeEvidence(world.enrolment, observation.id, level: .meets, feedback: "Clear", resolution: false,
                                                       aiUseSuspected: nil, grade: 5), as: world.assessor)
        #expect(graded.judgements.last?.grade == 5)
        let recommended = try await world.run(SubmitRecommendation(world.enrolment, proposal(.pass, grade: 4)), as: world.assessor)
        #expect(recommended.versions.last?.grade == 4)
    }
}

/// A deferral flows back into the year in the signature's transaction: the
/// tracker's panel line, the year's end moved to the new deadline, the
/// coordinator's re-listing list, and what the NQSW reads of the decision.
@Suite struct DeferralFlowBackTests {
    @Test func deferral_reachesTheTrackerTheYearsEndAndTheNQSW() async throws {
        let world = try await Harness.make()
        let heard = try await world.listedCase(open: false)
        let (recommendation, panel, listed, sitsOn, sitting) = (heard.recommendation, heard.panel, heard.listed, heard.sitsOn, heard.sitting)
        let listedLine = try await world.run(GetTracker(world.enrolment, asOf: nil), as: world.nqsw).tracker.lines.first { $0.key == "panel" }
        #expect(listedLine?.status == .due && listedLine?.due == sitsOn)
        _ = try await sitting.run(ApplyPanelEvent(panel.id, expectedVersion: panel.version, command: .open), as: world.chair)
        let deadline = CalendarDay(year: 2026, month: 8, day: 31)! // the summer bank holiday: a date like any other for a deadline
        _ = try await sitting.run(RecordPanelDecision(panel.id, listed.id, expectedVersion: nil, proposal: PanelDecisionProposal(
            recommendationVersion: recommendation.versions.count, kind: .deferral, outcome: nil, reasons: "One direct observation in the final period",
            evidenceRequired: nil, deadline: deadline)), as: world.members[0])
        _ = try await sitting.run(SignPanelDecision(panel.id, listed.id, expectedVersion: nil), as: world.chair)
        let line = try await sitting.run(GetTracker(world.enrolment, asOf: nil), as: world.nqsw).tracker.lines.first { $0.key == "panel" }
        #expect(line?.status == .due && line?.due == deadline && line?.detail.hasPrefix("DEFER") == true)
        #expect(try await sitting.run(GetSchedule(world.enrolment, asOf: nil), as: world.nqsw).clock.dueDate(afterMonths: 12) == deadline, "the year's end moved")
        let hearings = try await sitting.run(ListPanelHearings(world.enrolment), as: world.nqsw)
        #expect(hearings.last?.decision?.reasons == "One direct observation in the final period" && hearings.last?.decision?.deadline == deadline)
        let waiting = try await sitting.run(ListAwaitingRelisting(), as: world.coordinator)
        #expect(waiting.map(\.enrolment.enrolment.id) == [world.enrolment] && waiting.first?.earliestPanel == nil && waiting.first?.deadline == deadline)
        await #expect { try await sitting.run(ListAwaitingRelisting(), as: world.assessor) } throws: { isRefusal($0, .forbidden) }
        // A panel after the deadline is scheduled: the list names it as the earliest that could hear the case.
        let later = PanelSchedule(sitsOn: deadline.adding(days: 14), startsAt: 600, endsAt: 720, location: "Room 2", capacity: 6,
                                  evidenceDeadline: deadline.adding(days: 7))
        let next = try await sitting.run(SchedulePanel(schedule: later, chair: world.chair.id, members: world.members.map(\.id), scheduleNow: true),
                                         as: world.coordinator).agenda.panel
        #expect(try await sitting.run(ListAwaitingRelisting(), as: world.coordinator).first?.earliestPanel?.id == next.id)
    }
}

/// Recording a panel's decision and amending the recommendation exclude each
/// other: whichever commits first stands and the other is refused, naming the
/// winner — never both. `QUORUM_RACE_TRIALS` sets the trials (`make
/// resilience` runs 200 and prints the figure).
@Suite struct DecisionAmendmentRaceTests {
    @Test func decisionAndAmendment_exactlyOneStands() async throws {
        let trials = Int(ProcessInfo.processInfo.environment["QUORUM_RACE_TRIALS"] ?? "") ?? 8
        var bothStanding = 0, neither = 0, decisions = 0
        for _ in 0..<trials {
            let world = try await Harness.make()
            let proposal = PanelWorkflowTests().proposal()
            let heard = try await world.listedCase()
            let (recommendation, panel, listed, sitting) = (heard.recommendation, heard.panel, heard.listed, heard.sitting)
            let decide = RecordPanelDecision(panel.id, listed.id, expectedVersion: nil, proposal: PanelDecisionProposal(
                recommendationVersion: 1, kind: .confirm, outcome: nil, reasons: nil, evidenceRequired: nil, deadline: nil))
            let current = try await sitting.run(GetRecommendation(world.enrolment), as: world.assessor)
            let amend = AmendRecommendation(world.enrolment, proposal, reason: "A late observation changes the picture",
                                            expectedVersion: current?.version ?? recommendation.version)
            async let decided: Bool = { (try? await sitting.run(decide, as: world.members[0])) != nil }()
            // A little jitter, so both orders happen: the amendment is the quicker of the two.
            let jitter = Int.random(in: 0...6)
            async let amended: Bool = {
                try? await Task.sleep(for: .milliseconds(jitter))
                return (try? await sitting.run(amend, as: world.assessor)) != nil
            }()
            let (decision, amendment) = await (decided, amended)
            if decision && amendment { bothStanding += 1 }
            if !decision && !amendment { neither += 1 }
            if decision { decisions += 1 }
        }
        print("FIGURE decision_amendment_both_standing \(bothStanding) (of \(trials) trials; \(decisions) won by the decision, \(neither) with neither)")
        #expect(bothStanding == 0 && neither == 0)
    }
}

/// Who the caller is, the directory and signing out.
@Suite struct PeopleWorkflowTests {
    @Test func me_directory_andSigningOut() async throws {
        let world = try await Harness.make()
        #expect(try await world.run(GetMe(), as: world.nqsw).id == world.nqsw.id)
        await #expect { try await world.run(ListPeople(), as: world.nqsw) } throws: { isRefusal($0, .forbidden) }
        #expect(try await world.run(ListPeople(), as: world.coordinator).count == 9)
        let session = try await world.run(StartWebSession(lifetime: 600), as: world.nqsw)
        let browser = Harness.Member(id: world.nqsw.id, credential: .token(session))
        #expect(try await world.run(SignOut(secret: session), as: browser))
        await #expect { try await world.run(GetMe(), as: browser) } throws: { isRefusal($0, .unauthenticated) }
    }
}

/// Moderation never changes a decision, but a settlement may refer the case
/// back to a panel: the recommendation waits for a new listing, the decision
/// and the year's outcome stand until that panel signs its own.
@Suite struct ModerationReferralTests {
    @Test func settlement_refersTheCaseBack_asANewListing() async throws {
        let world = try await Harness.make()
        let heard = try await world.listedCase()
        let (recommendation, panel, listed, sitsOn, sitting) = (heard.recommendation, heard.panel, heard.listed, heard.sitsOn, heard.sitting)
        _ = try await sitting.run(RecordPanelDecision(panel.id, listed.id, expectedVersion: nil, proposal: PanelDecisionProposal(
            recommendationVersion: recommendation.versions.count, kind: .confirm, outcome: nil, reasons: nil, evidenceRequired: nil, deadline: nil)),
                                  as: world.members[0])
        _ = try await sitting.run(SignPanelDecision(panel.id, listed.id, expectedVersion: nil), as: world.chair)
        let moderator = try await world.addPerson("Moderator", [.moderator])
        let sample = try await sitting.run(DrawModerationSample(decidedFrom: sitsOn, decidedTo: sitsOn, seed: 7, sharePercent: 100,
                                                                moderators: [.init(personID: moderator.id, external: false)]), as: world.coordinator)
        let disputed = try await sitting.run(ReviewModerationCase(sample.sample.id, number: 1, review: ModerationReview(
            verdict: .disagree, comments: [.sufficient: "One direct observation in the whole year"])), as: moderator)
        guard let dispute = disputed.sample.reviews.first?.dispute else { Issue.record("no dispute"); return }
        let finalReview = try await sitting.run(ListReviews(world.enrolment), as: world.coordinator).map(\.id.uuid)

        let settled = try await sitting.run(SettleModerationDispute(sample.sample.id, dispute: dispute.id, expectedVersion: dispute.version,
                                                                    resolution: "The panel should see the second observation.",
                                                                    citedReviews: finalReview, referToPanel: true), as: world.chair)
        #expect(settled.sample.reviews.first?.dispute?.refersToPanel == true)
        #expect(try await sitting.run(GetRecommendation(world.enrolment), as: world.coordinator)?.machine.state.kind == .submitted,
                "the recommendation waits for a panel again")
        #expect(try await sitting.run(GetEnrolment(world.enrolment), as: world.coordinator).enrolment.status == .passed,
                "the decision stands until a panel makes another")
        let waiting = try await sitting.run(ListAwaitingRelisting(), as: world.coordinator)
        #expect(waiting.map(\.enrolment.enrolment.id) == [world.enrolment] && waiting.first?.reason == .moderationReferral)

        // A later panel hears it again and reaches the other outcome: the year follows the new signature; the first decision is kept.
        let again = sitsOn.adding(days: 21)
        let schedule = PanelSchedule(sitsOn: again, startsAt: 600, endsAt: 720, location: "Room 2", capacity: 6, evidenceDeadline: again.adding(days: -7))
        let next = try await sitting.run(SchedulePanel(schedule: schedule, chair: world.chair.id, members: world.members.map(\.id), scheduleNow: true),
                                         as: world.coordinator).agenda.panel
        let relisted = try await sitting.run(ListCaseAtPanel(next.id, enrolment: world.enrolment), as: world.coordinator).record
        #expect(try await sitting.run(ListAwaitingRelisting(), as: world.coordinator).isEmpty)
        let pack = try await sitting.run(ReadPanelPack(next.id, relisted.id), as: world.members[1])
        #expect(pack.pack.moderationReferrals.map(\.resolution) == ["The panel should see the second observation."], "the new panel reads why it hears the case")
        let rehearing = world.on(again)
        _ = try await rehearing.run(ApplyPanelEvent(next.id, expectedVersion: next.version, command: .open), as: world.chair)
        _ = try await rehearing.run(RecordPanelDecision(next.id, relisted.id, expectedVersion: nil, proposal: PanelDecisionProposal(
            recommendationVersion: recommendation.versions.count, kind: .differentOutcome, outcome: .fail, reasons: "Too little direct observation",
            evidenceRequired: nil, deadline: nil)), as: world.members[0])
        _ = try await rehearing.run(SignPanelDecision(next.id, relisted.id, expectedVersion: nil), as: world.chair)
        #expect(try await rehearing.run(GetEnrolment(world.enrolment), as: world.coordinator).enrolment.status == .failed)
        let hearings = try await rehearing.run(ListPanelHearings(world.enrolment), as: world.nqsw)
        #expect(hearings.compactMap(\.decision?.outcome) == [.pass, .fail], "both decisions are on the record")
        // A settled dispute cannot refer again, and a settlement without a referral leaves the recommendation decided.
        await #expect {
            try await rehearing.run(SettleModerationDispute(sample.sample.id, dispute: dispute.id, expectedVersion: dispute.version + 1, resolution: "Again",
                                                            citedReviews: finalReview, referToPanel: true), as: moderator)
        } throws: { isRefusal($0, .conflict, kind: "dispute-settled") || isRefusal($0, .notFound) }
    }
}
