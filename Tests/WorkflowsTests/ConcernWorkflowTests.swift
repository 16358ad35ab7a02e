import Domain
import Foundation
import PQ
import Store
import Testing
import Workflows

/// Concerns, support and action plans and escalation to the PSW, on a fixed date.
@Suite struct ConcernWorkflowTests {
    func concern(_ world: Harness, severity: Concern.Severity) async throws -> ConcernStatus {
        try await world.run(RaiseConcern(world.enrolment, NewConcern(category: .capability, severity: severity, description: "Assessments late",
                                                                     statements: ["KSS-CF-6"], evidence: [])), as: world.assessor)
    }

    /// A concern is due to be shared within five working days of the injected today.
    @Test func concern_shareDue_countsWorkingDaysFromToday() async throws {
        let world = try await Harness.make()
        let raised = try await concern(world, severity: .serious)
        #expect(raised.concern.raisedOn == Harness.today)
        #expect(raised.shareDue == CalendarDay(year: 2026, month: 6, day: 17)!)
        let shared = try await world.run(ShareConcern(world.enrolment, raised.concern.id), as: world.assessor)
        #expect(shared.concern.sharedOn == Harness.today)
        await #expect { try await world.run(ShareConcern(world.enrolment, raised.concern.id), as: world.assessor) }
            throws: { isRefusal($0, .conflict, kind: "already-recorded") }
        let answered = try await world.run(RespondToConcern(world.enrolment, raised.concern.id, text: "I will plan my week."), as: world.nqsw)
        #expect(answered.concern.respondedOn == Harness.today)
    }

    /// A plan's first review falls after it opens; its support names who does what by when; once all three acknowledge it, it is agreed.
    @Test func plan_agreedByAllThree() async throws {
        let world = try await Harness.make()
        let objectives = [PlanRecord.Objective(number: 1, description: "Assessments on time", statements: ["KSS-CF-6"], targetDate: Harness.today.adding(days: 28))]
        let support = [AgreedAction(description: "Weekly check-in", ownerID: world.lineManager.id, dueOn: Harness.today.adding(days: 7))]
        await #expect {
            try await world.run(DraftPlan(world.enrolment, NewPlan(concerns: [], support: "Weekly check-in", supportActions: support, nextReviewOn: Harness.today,
                                                                   objectives: objectives)), as: world.assessor)
        } throws: { isInvalid($0, field: "nextReviewOn") }
        await #expect {
            try await world.run(DraftPlan(world.enrolment, NewPlan(concerns: [], support: "Weekly check-in", supportActions: [],
                                                                   nextReviewOn: Harness.today.adding(days: 14), objectives: objectives)), as: world.assessor)
        } throws: { isInvalid($0, field: "supportActions") }
        // A plan that ran last term, entered now: its review dates follow the day it opened, not today.
        let earlier = try await world.run(DraftPlan(world.enrolment, NewPlan(
            concerns: [], support: "Shadowing", supportActions: [AgreedAction(description: "Shadow two visits", ownerID: world.assessor.id,
                                                                              dueOn: CalendarDay(year: 2026, month: 2, day: 20)!)],
            nextReviewOn: CalendarDay(year: 2026, month: 3, day: 2)!, objectives: objectives, occurredOn: CalendarDay(year: 2026, month: 2, day: 2)!)),
            as: world.assessor)
        _ = try await world.run(ApplyPlanEvent(world.enrolment, plan: earlier.id, expectedVersion: earlier.version, command: .cancel(reason: "Entered twice")),
                                as: world.coordinator)
        var plan = try await world.run(DraftPlan(world.enrolment, NewPlan(concerns: [], support: "Weekly check-in", supportActions: support,
                                                                          nextReviewOn: Harness.today.adding(days: 14), objectives: objectives)), as: world.assessor)
        #expect(plan.supportActions == support)
        for party in [world.nqsw, world.assessor, world.lineManager] {
            plan = try await world.run(ApplyPlanEvent(world.enrolment, plan: plan.id, expectedVersion: plan.version, command: .acknowledge(comments: nil)), as: party)
        }
        #expect(plan.machine.state == .agreed)
        #expect(Set(plan.acknowledgements.values) == [Harness.today])
        await #expect {
            try await world.run(ApplyPlanEvent(world.enrolment, plan: plan.id, expectedVersion: plan.version, command: .cancel(reason: "No longer needed")),
                                as: world.assessor)
        } throws: { isRefusal($0, .forbidden) }
    }

    /// Only a serious concern is escalated; the PSW acknowledges within two working days of today.
    @Test func escalation_acknowledgeDue_countsFromToday() async throws {
        let world = try await Harness.make()
        let developmental = try await concern(world, severity: .developmental)
        await #expect { try await world.run(EscalateConcern(world.enrolment, developmental.concern.id, reason: "Records do not match the visits logged."), as: world.assessor) }
            throws: { isRefusal($0, .conflict, kind: "concern-not-serious") }
        let serious = try await concern(world, severity: .serious)
        let escalated = try await world.run(EscalateConcern(world.enrolment, serious.concern.id, reason: "Records do not match the visits logged."), as: world.assessor)
        #expect(escalated.acknowledgeDue == CalendarDay(year: 2026, month: 6, day: 12)!)
        #expect(try escalated.pack.concern.description == "Assessments late")
        await #expect { try await world.run(GetEscalation(escalated.record.id), as: world.nqsw) } throws: { isRefusal($0, .notFound) }
        let acknowledged = try await world.run(ApplyEscalationEvent(escalated.record.id, expectedVersion: escalated.record.version, command: .acknowledge),
                                               as: world.psw)
        #expect(acknowledged.record.acknowledgedOn == Harness.today && !acknowledged.acknowledgementOverdue)
    }

    /// An escalation entered later carries the day it was made; the PSW's two
    /// working days count from it, across the late May bank holiday.
    @Test func escalation_enteredLater_countsFromItsDay() async throws {
        let world = try await Harness.make()
        let raisedOn = CalendarDay(year: 2026, month: 5, day: 21)!
        let raised = try await world.run(RaiseConcern(world.enrolment, NewConcern(category: .conduct, severity: .fitnessToPractise, description: "Visits not made",
                                                                                    statements: [], evidence: []), occurredOn: raisedOn), as: world.assessor)
        await #expect {
            try await world.run(EscalateConcern(world.enrolment, raised.concern.id, reason: "Visit records do not match.", occurredOn: raisedOn.adding(days: -1)),
                                as: world.assessor)
        } throws: { isInvalid($0, field: "occurredOn") }
        let escalatedOn = CalendarDay(year: 2026, month: 5, day: 22)! // a Friday before the spring bank holiday
        let escalated = try await world.run(EscalateConcern(world.enrolment, raised.concern.id, reason: "Visit records do not match.", occurredOn: escalatedOn),
                                            as: world.assessor)
        #expect(escalated.record.escalatedOn == escalatedOn)
        #expect(escalated.acknowledgeDue == CalendarDay(year: 2026, month: 5, day: 27)!, "Tuesday and Wednesday: Monday 25 May is a bank holiday")
        let acknowledged = try await world.run(ApplyEscalationEvent(escalated.record.id, expectedVersion: escalated.record.version, command: .acknowledge,
                                                                    occurredOn: CalendarDay(year: 2026, month: 5, day: 26)!), as: world.psw)
        #expect(acknowledged.record.acknowledgedOn == CalendarDay(year: 2026, month: 5, day: 26)! && !acknowledged.acknowledgementOverdue)
    }
}

/// A server of the previous release, still running during a rolling upgrade,
/// writes plans without their opened and ended days; `sql/0017` fills them in
/// from the database's date instead of refusing the write.
@Suite struct PlanRollingUpgradeTests {
    @Test func previousReleasesPlanWrites_stillSucceed() async throws {
        let world = try await Harness.make()
        let plan = UUID()
        let (opened, ended): (CalendarDay?, CalendarDay?) = try await world.runner.pool.transaction { connection in
            try Tenancy.enter(world.organisation, on: connection)
            try connection.query("""
                INSERT INTO support_plans (id, organisation_id, enrolment_id, state, support, next_review_on, maximum_extensions, created_by)
                VALUES (\(plan), \(world.organisation), \(world.enrolment), 'draft', 'Weekly case discussion', '2026-07-01', 1, \(world.assessor.id))
                """)
            try connection.query("UPDATE support_plans SET state = 'cancelled', cancel_reason = 'Written in error' WHERE id = \(plan)")
            let row = try connection.query("SELECT opened_on, ended_on FROM support_plans WHERE id = \(plan)")[0]
            return (try row.decode(at: 0), try row.decode(at: 1))
        }
        let databaseToday = try await world.runner.pool.transaction { connection in
            try connection.query("SELECT (now() AT TIME ZONE 'Europe/London')::date")[0].decode(CalendarDay.self, at: 0)
        }
        #expect(opened == databaseToday)
        #expect(ended == databaseToday)
    }
}

/// A concern entered later carries the days its steps happened; the sufficiency
/// check counts it as of those days, and knownAt as of the day it was entered.
@Suite struct ConcernHistoryTests {
    @Test func concern_backDated_countsAsOfWhenItHappened() async throws {
        let world = try await Harness.make()
        let raisedOn = CalendarDay(year: 2026, month: 2, day: 27)! // a Friday, a month end on its way
        let concern = NewConcern(category: .capability, severity: .serious, description: "Assessments late", statements: [], evidence: [])
        await #expect { try await world.run(RaiseConcern(world.enrolment, concern, occurredOn: Harness.today.adding(days: 1)), as: world.assessor) }
            throws: { isInvalid($0, field: "occurredOn") }
        await #expect { try await world.run(RaiseConcern(world.enrolment, concern, occurredOn: Harness.yearStart.adding(days: -1)), as: world.assessor) }
            throws: { isInvalid($0, field: "occurredOn") }
        let raised = try await world.run(RaiseConcern(world.enrolment, concern, occurredOn: raisedOn), as: world.assessor)
        #expect(raised.concern.raisedOn == raisedOn)
        #expect(raised.shareDue == CalendarDay(year: 2026, month: 3, day: 6)!, "five working days from the day it was raised")
        await #expect { try await world.run(ShareConcern(world.enrolment, raised.concern.id, occurredOn: raisedOn.adding(days: -1)), as: world.assessor) }
            throws: { isInvalid($0, field: "occurredOn") }
        let shared = try await world.run(ShareConcern(world.enrolment, raised.concern.id, occurredOn: CalendarDay(year: 2026, month: 3, day: 2)!), as: world.assessor)
        #expect(shared.concern.sharedOn == CalendarDay(year: 2026, month: 3, day: 2)!)
        func robustConcerns(asOf: CalendarDay, knownAt: CalendarDay? = nil) async throws -> Int {
            let report = try await world.run(CheckSufficiency(world.enrolment, asOf: asOf, knownAt: knownAt), as: world.assessor).report
            return report.findings.first { $0.criterion == "robust" }?.reasons.filter { $0.about == "concern" }.count ?? 0
        }
        #expect(try await robustConcerns(asOf: CalendarDay(year: 2026, month: 3, day: 1)!) == 1, "as of March it had happened")
        #expect(try await robustConcerns(asOf: CalendarDay(year: 2026, month: 2, day: 26)!) == 0, "not before it was raised")
        #expect(try await robustConcerns(asOf: CalendarDay(year: 2026, month: 3, day: 1)!, knownAt: CalendarDay(year: 2026, month: 3, day: 1)!) == 0,
                "it was entered on the harness's today, so on 1 March nobody knew of it")
    }
}

/// A plan's content is versioned and its steps carry the day they happened:
/// an edit after an acknowledgement keeps the text acknowledged, each
/// acknowledgement names its version, and a plan that ran last term is
/// entered with its own days.
@Suite struct PlanHistoryTests {
    func draft(_ world: Harness, openedOn: CalendarDay, text: String) async throws -> PlanRecord {
        let objectives = [PlanRecord.Objective(number: 1, description: text, statements: ["KSS-CF-6"], targetDate: openedOn.adding(days: 42))]
        let support = [AgreedAction(description: "Weekly check-in", ownerID: world.lineManager.id, dueOn: openedOn.adding(days: 7))]
        return try await world.run(DraftPlan(world.enrolment, NewPlan(concerns: [], support: "Weekly check-in", supportActions: support,
                                                                       nextReviewOn: openedOn.adding(days: 28), objectives: objectives,
                                                                       occurredOn: openedOn)), as: world.assessor)
    }

    func step(_ world: Harness, _ plan: PlanRecord, _ command: PlanCommand, on day: CalendarDay? = nil, as member: Harness.Member) async throws -> PlanRecord {
        try await world.run(ApplyPlanEvent(world.enrolment, plan: plan.id, expectedVersion: plan.version, command: command, occurredOn: day), as: member)
    }

    @Test func editAfterAcknowledgement_keepsTheVersionAcknowledged() async throws {
        let world = try await Harness.make()
        var plan = try await draft(world, openedOn: Harness.today, text: "Assessments on time")
        plan = try await step(world, plan, .acknowledge(comments: "I agree."), as: world.nqsw)
        let edited = [PlanRecord.Objective(number: 1, description: "Assessments within 45 working days", statements: ["KSS-CF-6"],
                                           targetDate: Harness.today.adding(days: 42))]
        plan = try await step(world, plan, .edit(support: nil, nextReviewOn: nil, objectives: edited), as: world.assessor)
        #expect(plan.contentVersion == 2 && plan.acknowledgements.isEmpty)
        for party in [world.nqsw, world.assessor, world.lineManager] { plan = try await step(world, plan, .acknowledge(comments: nil), as: party) }
        #expect(plan.machine.state == .agreed)
        let history = try await world.run(ReadPlanHistory(world.enrolment, plan: plan.id), as: world.coordinator)
        #expect(history.versions.map(\.objectives.first?.description) == ["Assessments on time", "Assessments within 45 working days"])
        #expect(history.acknowledgements.map(\.contentVersion) == [1, 2, 2, 2])
        #expect(history.acknowledgements.first?.comments == "I agree.")
        #expect(history.acknowledgements.first?.acknowledgedBy == world.nqsw.id)
        #expect(history.steps.map(\.action.rawValue) == ["plan.drafted", "plan.acknowledge", "plan.edit", "plan.acknowledge", "plan.acknowledge", "plan.acknowledge"])
        await #expect { try await world.run(ReadPlanHistory(world.enrolment, plan: plan.id), as: world.otherAssessor) } throws: { isRefusal($0, .notFound) }
    }

    /// A plan that ran last term: acknowledged, reviewed and closed on its own
    /// days, none after today, none before it opened, a review not before the last.
    @Test func planFromLastTerm_enteredWithItsOwnDays() async throws {
        let world = try await Harness.make()
        let opened = CalendarDay(year: 2026, month: 1, day: 30)! // a Friday before a month end
        let drafted = try await draft(world, openedOn: opened, text: "Assessments on time")
        await #expect { try await step(world, drafted, .acknowledge(comments: nil), on: opened.adding(days: -1), as: world.nqsw) }
            throws: { isInvalid($0, field: "occurredOn") }
        await #expect { try await step(world, drafted, .acknowledge(comments: nil), on: Harness.today.adding(days: 1), as: world.nqsw) }
            throws: { isInvalid($0, field: "occurredOn") }
        var plan = drafted
        let agreedOn = CalendarDay(year: 2026, month: 2, day: 2)!
        for party in [world.nqsw, world.assessor, world.lineManager] { plan = try await step(world, plan, .acknowledge(comments: nil), on: agreedOn, as: party) }
        plan = try await step(world, plan, .start, on: agreedOn, as: world.assessor)
        let reviewedOn = CalendarDay(year: 2026, month: 2, day: 27)!
        plan = try await step(world, plan, .beginReview([ObjectiveReview(number: 1, outcome: .partlyMet, note: "Two of three")]), on: reviewedOn, as: world.assessor)
        plan = try await step(world, plan, .extend(reason: "Nearly there", nextReviewOn: CalendarDay(year: 2026, month: 3, day: 27)!),
                              on: reviewedOn, as: world.assessor)
        let extended = plan
        await #expect {
            try await step(world, extended, .beginReview([ObjectiveReview(number: 1, outcome: .met, note: "")]), on: reviewedOn.adding(days: -1), as: world.assessor)
        } throws: { isInvalid($0, field: "occurredOn") }
        plan = try await step(world, plan, .beginReview([ObjectiveReview(number: 1, outcome: .met, note: "All on time")]),
                              on: CalendarDay(year: 2026, month: 3, day: 27)!, as: world.assessor)
        plan = try await step(world, plan, .close(PlanClosing(outcome: .met, evidence: "File audit of six assessments")),
                              on: CalendarDay(year: 2026, month: 3, day: 30)!, as: world.assessor)
        #expect(plan.acknowledgements.values.allSatisfy { $0 == agreedOn })
        let history = try await world.run(ReadPlanHistory(world.enrolment, plan: plan.id), as: world.nqsw)
        #expect(history.reviews.map(\.reviewedOn) == [reviewedOn, CalendarDay(year: 2026, month: 3, day: 27)!])
        #expect(history.acknowledgements.allSatisfy { $0.acknowledgedOn == agreedOn })
        let closed = plan.id
        let ended = try await world.runner.pool.transaction { connection in
            try Tenancy.enter(world.organisation, on: connection)
            return try connection.query("SELECT ended_on FROM support_plans WHERE id = \(closed)")[0].decode(CalendarDay.self, at: 0)
        }
        #expect(ended == CalendarDay(year: 2026, month: 3, day: 30)!)
    }
}

/// The history says when a past event happened beside when it was entered:
/// a plan step entered with its own day carries it; the PSW reads only the
/// history of the FtP matters they hold; an assessor reads none.
@Suite struct AuditHistoryWorkflowTests {
    @Test func history_carriesTheDayItHappened_andIsScopedByRole() async throws {
        let world = try await Harness.make()
        let review = try await world.run(world.review(3, heldOn: Harness.yearStart.adding(months: 3)), as: world.assessor)
        let page = try await world.run(ListAuditHistory(AuditQuery(recordKind: .review, recordID: review.id.uuid)), as: world.coordinator)
        #expect(page.items.first?.occurredOn == Harness.yearStart.adding(months: 3), "the review happened on its day, whenever it was entered")
        #expect(page.items.first?.actorID == world.assessor.id && page.items.first?.enrolmentID == world.enrolment)
        let year = try await world.run(ListAuditHistory(AuditQuery(enrolmentID: world.enrolment)), as: world.coordinator)
        #expect(Set(year.items.map(\.entityType)).isSuperset(of: [.enrolment, .review]), "a year's history holds what is under it")
        await #expect { try await world.run(ListAuditHistory(AuditQuery()), as: world.assessor) } throws: { isRefusal($0, .forbidden) }
        let psw = try await world.run(ListAuditHistory(AuditQuery()), as: world.psw)
        #expect(psw.items.isEmpty, "nothing escalated: the PSW reads no history")
    }
}

/// Security review finding 2: access to an FtP matter follows who is related
/// now. After a change of assessor the one who escalated reads it no more and
/// the new assessor does; the line manager reads it throughout.
@Suite struct EscalationAccessFollowsRelationsTests {
    @Test func changeOfAssessor_movesTheEscalationAtOnce() async throws {
        let world = try await Harness.make()
        let serious = try await ConcernWorkflowTests().concern(world, severity: .serious)
        let escalated = try await world.run(EscalateConcern(world.enrolment, serious.concern.id, reason: "Records do not match the visits logged."),
                                            as: world.assessor)
        #expect(try await world.run(GetEscalation(escalated.record.id), as: world.lineManager).record.id == escalated.record.id)
        await #expect { try await world.run(GetEscalation(escalated.record.id), as: world.otherAssessor) } throws: { isRefusal($0, .notFound) }
        let before = try await world.run(GetEnrolment(world.enrolment), as: world.coordinator)
        _ = try await world.run(ChangeAssessor(world.enrolment, expectedVersion: before.enrolment.version, assessor: world.otherAssessor.id,
                                               changedOn: Harness.today, circumstances: "Long-term sick leave",
                                               handover: handover(world, to: world.otherAssessor)), as: world.coordinator)
        await #expect { try await world.run(GetEscalation(escalated.record.id), as: world.assessor) } throws: { isRefusal($0, .notFound) }
        #expect(try await world.run(ListEscalations(), as: world.assessor).isEmpty, "nor in the former assessor's list")
        #expect(try await world.run(GetEscalation(escalated.record.id), as: world.otherAssessor).record.id == escalated.record.id)
    }

    /// Finding 5: the PSW's relation is an escalation. Before one, the year's
    /// concerns and plans are not theirs to read (404, as for a year that does
    /// not exist); once a concern is escalated, they are.
    @Test func psw_readsConcernsAndPlans_onlyOnceEscalated() async throws {
        let world = try await Harness.make()
        let serious = try await ConcernWorkflowTests().concern(world, severity: .serious)
        await #expect { try await world.run(ListConcerns(world.enrolment, asOf: nil), as: world.psw) } throws: { isRefusal($0, .notFound) }
        await #expect { try await world.run(ListPlans(world.enrolment), as: world.psw) } throws: { isRefusal($0, .notFound) }
        _ = try await world.run(EscalateConcern(world.enrolment, serious.concern.id, reason: "Records do not match the visits logged."), as: world.assessor)
        #expect(try await world.run(ListConcerns(world.enrolment, asOf: nil), as: world.psw).count == 1)
        #expect(try await world.run(ListPlans(world.enrolment), as: world.psw).isEmpty)
    }
}
