@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Store
import Testing
import Workflows

/// Walks every mutating operation in the OpenAPI document through one ASYE
/// year, from enrolment to a moderation dispute. Each change is sent by every
/// caller the change table of docs/access.md refuses (403 or 404, no audit
/// event), with an empty body (refused, no audit event), by the journey's
/// actor (exactly one audit event, naming them) and by every other caller the
/// document allows (not refused). An operation the journey does not reach, or
/// a cell that differs from the document, fails the test.
@Suite struct ChangeMatrixTests {
    static let columns = AccessMatrixTests.columns

    /// People the journey needs beyond the matrix's columns: three more panel members and a moderator.
    static func people(_ org: TestOrganisation, services: QuorumServices) async throws -> (members: [TestOrganisation.Member], moderator: TestOrganisation.Member) {
        try await services.pool.transaction { connection in
            let tag = UUID().uuidString.prefix(8).lowercased()
            func member(_ name: String, _ roles: [Role]) throws -> TestOrganisation.Member {
                try TestOrganisation.member(name, roles, tag: tag, organisation: org.id, on: connection)
            }
            return (try (1...3).map { try member("member\($0)", [.panelMember]) }, try member("moderator", [.moderator]))
        }
    }

    @Test func everyChange_matchesTheDocumentAndIsAuditedOnce() async throws {
        let rows = try AccessMatrixTests.matrix(from: "## Changes", to: "## Notes")
        #expect(rows.count >= 40)
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let foreign = try await TestOrganisation.make(services: services)
        let (members, moderator) = try await Self.people(org, services: services)
        let (m1, m2, m3) = (members[0], members[1], members[2])
        let admin = try PQConnection.connect(try TestEnvironment.adminURL)
        let (_, table) = QuorumApplication.router(services: services, templates: try TestEnvironment.templates.get(), accessLog: false)
        let mutating = Set(table.entries.filter { $0.method != "GET" }.map(\.operationID))
        let today = TestEnvironment.today
        let (nqsw, assessor, manager, coordinator, chair, psw, hr) = (org.nqsw, org.assessor, org.lineManager, org.coordinator, org.panelMember, org.psw, org.hr)
        let callers = [nqsw, assessor, manager, coordinator, chair, moderator, psw, hr, org.otherAssessor, foreign.coordinator]
        let (differences, covered, cells): ([String], Set<String>, Int) = try await withQuorum(services) { client in
            let walk = ChangeWalk(client: client, columns: Self.columns, callers: callers, rows: Dictionary(uniqueKeysWithValues: rows.map { ($0.operation, $0.allowed) }),
                                  organisations: [org.id, foreign.id], admin: admin, historyReader: coordinator)
            func id(_ response: APIResponse) -> String { response.string("id") ?? "missing-id" }
            let year = "/v1/enrolments/\(org.enrolmentID)"

            // Policies and a second enrolment.
            let policies = try await client.call(.get, "/v1/policies", token: coordinator.token)
            guard case .object(var sufficiency) = policies["sufficiency"] else { Issue.record("no policy"); return ([], [], 0) }
            sufficiency.removeValue(forKey: "version")
            sufficiency["reason"] = .string("Verification share agreed at the ASYE steering group")
            try await walk.change("setSufficiencyPolicy", .post, "/v1/policies/sufficiency", by: coordinator,
                                  body: String(decoding: try JSONEncoder().encode(JSONValue.object(sufficiency)), as: UTF8.self), expect: 201)
            try await walk.change("setSupervisionPolicy", .post, "/v1/policies/supervision", by: coordinator, body: """
                {"bands": [{"untilDay": 90, "everyDays": 7, "name": "weekly"}, {"everyDays": 14, "name": "fortnightly"}], "copyWithinWorkingDays": 3, "reportUnrescheduledWithinDays": 14,
                 "reason": "Weekly for the first 90 days, as the guidance asks"}
                """, expect: 201)
            try await walk.change("setPanelPolicy", .post, "/v1/policies/panel", by: coordinator,
                                  body: #"{"quorum": 3, "anonymised": false, "moderationShare": 0.1, "gradedScale": false, "reason": "Quorum of three"}"#, expect: 201)
            try await walk.change("setYearPolicy", .post, "/v1/policies/year", by: coordinator,
                                  body: #"{"nineMonthReview": true, "maximumCalendarMonths": 24, "limitWarningDays": 60, "reason": "The standard year"}"#, expect: 201)
            let second = try await walk.change("createEnrolment", .post, "/v1/enrolments", by: coordinator, body: """
                {"nqswId": "\(org.otherNQSW.id)", "setting": "adults", "startDate": "\(today.adding(months: -16))", "fte": 0.8,
                 "assessorId": "\(assessor.id)", "lineManagerId": "\(manager.id)"}
                """, expect: 201)
            let secondYear = "/v1/enrolments/\(id(second))"
            try await walk.change("changeEnrolment", .patch, secondYear, by: coordinator, body: #"{"fte": 1.0}"#,
                                  ifMatch: second.headers[.eTag], emptyBodyFails: false)

            // The portfolio.
            let evidence = try await walk.change("addEvidence", .post, "\(year)/evidence", by: nqsw, body: """
                {"kind": "direct_observation", "practiceDate": "\(today)", "description": "Home visit with a family of four", "statements": ["KSS-CF-1", "PCF-7"]}
                """, expect: 201)
            try await walk.change("judgeEvidence", .post, "\(year)/evidence/\(id(evidence))/judgements", by: assessor,
                                  body: #"{"level": "meets", "feedback": "Warm, authoritative, child kept central."}"#, expect: 201)
            try await walk.change("verifyEvidence", .post, "\(year)/evidence/\(id(evidence))/verification", by: assessor)
            // An earlier item judged below the level on KSS 1, which the visit above (judged meets) followed: reconciled by the assessor.
            let earlier = try await client.call(.post, "\(year)/evidence", token: nqsw.token, body: """
                {"kind": "written_report", "practiceDate": "\(today.adding(days: -30))", "description": "Assessment written up late", "statements": ["KSS-CF-1"]}
                """)
            _ = try await client.call(.post, "\(year)/evidence/\(id(earlier))/judgements", token: assessor.token,
                                      body: #"{"level": "partly_meets", "feedback": "Analysis thin."}"#)
            try await walk.change("recordReconciliation", .post, "\(year)/reconciliations", by: assessor, body: """
                {"statement": "KSS-CF-1", "belowEvidenceId": "\(id(earlier))", "laterEvidenceIds": ["\(id(evidence))"], "note": "The later visit shows the analysis now holds."}
                """, expect: 201)
            // An empty body is a check kept as of today, so it is not refused.
            try await walk.change("saveSufficiencyRun", .post, "\(year)/sufficiency/runs", by: assessor,
                                  body: #"{"note": "Before the 3-month review"}"#, expect: 201, emptyBodyFails: false)
            try await walk.change("recordAbsence", .post, "\(year)/absences", by: manager, body: """
                {"kind": "sickness", "start": "\(today.adding(days: -20))", "end": "\(today.adding(days: -11))", "reason": "Flu"}
                """, expect: 201)
            try await walk.change("recordExtension", .post, "\(year)/extensions", by: coordinator,
                                  body: #"{"days": 14, "agreedOn": "\#(today)", "category": "learning_opportunities", "reason": "Caseload change"}"#, expect: 201)
            try await walk.change("tickTrackerItem", .post, "\(year)/tracker/learning_agreement", by: manager,
                                  body: #"{"completedOn": "\#(today.adding(days: -30))"}"#, expect: 201)

            // Supervision: moved to the assessor and back; a session signed and copied; a cancellation reported.
            try await walk.change("allocateSupervisor", .post, "\(year)/supervisor", by: coordinator,
                                  body: #"{"relation": "assessor", "fromOn": "\#(today.adding(days: -10))", "reason": "Line manager on leave"}"#, expect: 201)
            _ = try await client.call(.post, "\(year)/supervisor", token: coordinator.token,
                                      body: #"{"relation": "line_manager", "fromOn": "\#(today.adding(days: -5))", "reason": "Line manager back"}"#)
            let session = try await walk.change("recordSupervision", .post, "\(year)/supervision", by: manager, body: """
                {"scheduledFor": "\(today.adding(days: -1))", "held": true, "durationMinutes": 75, "topics": "Two child protection cases", "agreedActions": "Joint visit"}
                """, expect: 201)
            try await walk.change("signSupervision", .post, "\(year)/supervision/\(id(session))/signatures", by: nqsw,
                                                      ifMatch: session.headers[.eTag])
            try await walk.change("recordSupervisionCopy", .post, "\(year)/supervision/\(id(session))/copy", by: manager, ifMatch: walk.lastETag)
            try await walk.change("addSupervisionAddendum", .post, "\(year)/supervision/\(id(session))/addenda", by: nqsw,
                                  body: #"{"text": "The joint visit moved to the following week."}"#, expect: 201)
            let cancelled = try await client.call(.post, "\(year)/supervision", token: assessor.token,
                                                  body: #"{"scheduledFor": "\#(today.adding(days: -20))", "held": false, "cancellationReason": "Emergency court hearing"}"#)
            try await walk.change("reportSupervisionCancellation", .post, "\(year)/supervision/\(id(cancelled))/report", by: assessor)

            // The three-month review, commented and signed by all three.
            let review = try await walk.change("createReview", .post, "\(year)/reviews", by: assessor,
                                               body: #"{"milestone": 3, "heldOn": "\#(today)", "progress": "Steady progress"}"#, expect: 201)
            try await walk.change("editReview", .patch, "\(year)/reviews/\(id(review))", by: nqsw, body: #"{"nqswComments": "I agree."}"#,
                                                  bodies: [1: #"{"agreedActions": "Two observations"}"#, 2: #"{"lineManagerComments": "Agreed."}"#],
                                                  ifMatch: review.headers[.eTag], emptyBodyFails: false)
            try await walk.change("signReview", .post, "\(year)/reviews/\(id(review))/signatures", by: assessor, ifMatch: walk.lastETag)

            // A concern shared, answered and closed; another escalated to the PSW.
            let concern = try await walk.change("raiseConcern", .post, "\(year)/concerns", by: assessor,
                                                body: #"{"category": "progress", "severity": "developmental", "description": "Case recording is late", "statements": ["KSS-CF-10"]}"#, expect: 201)
            let concernPath = "\(year)/concerns/\(id(concern))"
            try await walk.change("shareConcern", .post, "\(concernPath)/sharing", by: assessor)
            try await walk.change("respondToConcern", .post, "\(concernPath)/response", by: nqsw, body: #"{"text": "I will block out recording time."}"#)
            try await walk.change("recordConcernOutcome", .post, "\(concernPath)/outcome", by: assessor, body: #"{"text": "Recording up to date for six weeks."}"#)
            let serious = try await client.call(.post, "\(year)/concerns", token: assessor.token,
                                                body: #"{"category": "conduct", "severity": "fitness_to_practise", "description": "Visits not made"}"#)
            let escalation = try await walk.change("escalateConcern", .post, "\(year)/concerns/\(id(serious))/escalation", by: assessor,
                                                   body: #"{"reason": "Visits not made to two families."}"#, expect: 201)
            try await walk.change("applyEscalationEvent", .post, "/v1/escalations/\(id(escalation))/events", by: psw,
                                  body: #"{"event": "acknowledge"}"#, ifMatch: escalation.headers[.eTag])

            // A support and action plan: acknowledged by all three, started, handed to a capability procedure.
            let plan = try await walk.change("draftPlan", .post, "\(year)/plans", by: assessor, body: """
                {"support": "Weekly reflective supervision", "supportActions": \(PlanRouteTests.actions(today, owner: manager.id)),
                 "nextReviewOn": "\(today.adding(days: 28))",
                 "objectives": [{"description": "Assessments on time", "statements": ["PCF-1"], "targetDate": "\(today.adding(days: 56))"}]}
                """, expect: 201)
            let events = "\(year)/plans/\(id(plan))/events"
            try await walk.change("applyPlanEvent: acknowledge", .post, events, by: nqsw, body: #"{"event": "acknowledge"}"#,
                                  ifMatch: plan.headers[.eTag], emptyBodyFails: false)
            try await walk.change("applyPlanEvent: start, review, close, extend", .post, events, by: manager, body: #"{"event": "start"}"#,
                                  ifMatch: walk.lastETag, emptyBodyFails: false)
            try await walk.change("applyPlanEvent: escalate, cancel", .post, events, by: coordinator,
                                  body: #"{"event": "escalate", "procedure": "capability"}"#, ifMatch: walk.lastETag, emptyBodyFails: false)
            try await walk.change("applyPlanEvent: procedure outcome", .post, events, by: hr,
                                  body: #"{"event": "record_procedure_outcome", "outcome": "Capability hearing: improvement period of 8 weeks"}"#,
                                  ifMatch: walk.lastETag, emptyBodyFails: false)

            // The recommendation, amended; the second NQSW's, listed, released and withdrawn.
            _ = try await client.call(.post, "\(year)/reviews", token: assessor.token, body: #"{"milestone": 12, "heldOn": "\#(today)", "progress": "Final review"}"#)
            let recommended = try await walk.change("submitRecommendation", .post, "\(year)/recommendation", by: assessor,
                                                    body: #"{"outcome": "PASS", "rationale": "The year's evidence", \#(PanelRouteTests.justified)}"#, expect: 201)
            try await walk.change("amendRecommendation", .post, "\(year)/recommendation/amendments", by: assessor,
                                  body: #"{"outcome": "PASS", "rationale": "With the late observation", "reason": "Observation added", \#(PanelRouteTests.justified)}"#,
                                  ifMatch: recommended.headers[.eTag], expect: 201)
            try await PanelRouteTests.recommend(client, EnrolmentID(try #require(UUID(uuidString: id(second)))), org)

            // Panels: one scheduled with the year's case, a draft one scheduled by event.
            let panel = try await walk.change("createPanel", .post, "/v1/panels", by: coordinator, body: """
                {"sitsOn": "\(today.adding(days: 14))", "startsAt": "10:00", "endsAt": "12:30", "location": "Room 4", "capacity": 5,
                 "evidenceDeadline": "\(today.adding(days: 7))", "chairId": "\(chair.id)", "memberIds": ["\(m1.id)", "\(m2.id)", "\(m3.id)"], "schedule": true}
                """, expect: 201)
            let panelPath = "/v1/panels/\(id(panel))"
            let draft = try await client.call(.post, "/v1/panels", token: coordinator.token, body: """
                {"sitsOn": "\(today.adding(days: 30))", "startsAt": "10:00", "endsAt": "12:30", "location": "Room 5", "capacity": 5,
                 "evidenceDeadline": "\(today.adding(days: 20))", "chairId": "\(chair.id)", "memberIds": ["\(m1.id)", "\(m2.id)"]}
                """)
            try await walk.change("applyPanelEvent: schedule, reschedule, cancel", .post, "/v1/panels/\(id(draft))/events", by: coordinator,
                                  body: #"{"event": "schedule"}"#, ifMatch: draft.headers[.eTag], emptyBodyFails: false)
            try await walk.change("changePanelMembers", .post, "/v1/panels/\(id(draft))/members", by: coordinator,
                                  body: #"{"addIds": ["\#(m3.id)"], "reason": "A third member for a fuller panel"}"#, ifMatch: walk.lastETag)
            let listed = try await walk.change("listCaseAtPanel", .post, "\(panelPath)/cases", by: coordinator, body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#, expect: 201, records: 2)
            let other = try await client.call(.post, "\(panelPath)/cases", token: coordinator.token, body: #"{"enrolmentId": "\#(id(second))"}"#)
            try await walk.change("declarePanelConflict", .post, "\(panelPath)/cases/\(id(other))/conflicts", by: m3,
                                  body: #"{"reason": "Supervised the NQSW as a student"}"#, expect: 201)
            try await walk.change("releasePanelCase", .post, "\(panelPath)/cases/\(id(other))/release", by: coordinator,
                                  body: #"{"reason": "Evidence still being gathered"}"#, ifMatch: other.headers[.eTag], records: 2)
            let secondRecommendation = try await client.call(.get, "\(secondYear)/recommendation", token: assessor.token)
            try await walk.change("withdrawRecommendation", .post, "\(secondYear)/recommendation/withdrawal", by: assessor,
                                  body: #"{"reason": "NQSW moving to another employer"}"#, ifMatch: secondRecommendation.headers[.eTag])
            try await walk.change("changeAssessor", .post, "\(secondYear)/assessor-changes", by: coordinator,
                                  body: #"{"assessorId": "\#(org.otherAssessor.id)", "changedOn": "\#(today)", "circumstances": "Moved team", "noHandoverCategory": "outgoing_long_term_absence", "noHandoverReason": "Signed off sick for three months."}"#,
                                  ifMatch: try await client.call(.get, secondYear, token: coordinator.token).headers[.eTag], expect: 201)

            // The sitting, on its date: opened by the chair, a decision, signed, corrected, closed.
            day.move(to: today.adding(days: 14))
            let scheduled = try await client.call(.get, panelPath, token: coordinator.token)
            try await walk.change("applyPanelEvent: open, close", .post, "\(panelPath)/events", by: chair, body: #"{"event": "open"}"#,
                                               ifMatch: scheduled.headers[.eTag], emptyBodyFails: false)
            try await walk.change("recordPanelAttendance", .post, "\(panelPath)/attendance", by: chair,
                                  body: #"{"presentIds": ["\#(chair.id)", "\#(m1.id)", "\#(m2.id)", "\#(m3.id)"]}"#)
            try await walk.change("addDeliberationNote", .post, "\(panelPath)/cases/\(id(listed))/deliberations", by: m1,
                                  body: #"{"text": "The final-period observations are thin but consistent."}"#, expect: 201)
            let decision = "\(panelPath)/cases/\(id(listed))/decision"
            try await walk.change("recordPanelDecision", .post, decision, by: m1, body: #"{"recommendationVersion": 2, "kind": "confirm"}"#, expect: 201)
            try await walk.change("signPanelDecision", .post, "\(decision)/signature", by: chair, records: 3)
            try await walk.change("correctPanelDecision", .post, "\(decision)/corrections", by: coordinator,
                                  body: #"{"outcome": "FAIL", "reason": "Recorded against the wrong case"}"#, ifMatch: walk.lastETag, expect: 201, records: 2)
            let sitting = try await client.call(.get, panelPath, token: coordinator.token)
            try await walk.change("applyPanelEvent: open, close", .post, "\(panelPath)/events", by: chair, body: #"{"event": "close"}"#,
                                  ifMatch: sitting.headers[.eTag], emptyBodyFails: false)

            // Moderation: a sample, a disagreement, the dispute settled by the chair.
            let sample = try await walk.change("drawModerationSample", .post, "/v1/moderation/samples", by: coordinator, body: """
                {"decidedFrom": "\(day.today)", "decidedTo": "\(day.today)", "seed": 1, "moderators": [{"personId": "\(moderator.id)"}]}
                """, expect: 201)
            let samplePath = "/v1/moderation/samples/\(id(sample))"
            let disagreed = try await walk.change("reviewModerationCase", .post, "\(samplePath)/cases/1/reviews", by: moderator,
                                                  body: #"{"verdict": "disagree", "comments": {"sufficient": "Only one direct observation"}}"#, expect: 201)
            var disputeID = "missing"
            if case .array(let reviews)? = disagreed["reviews"], case .object(let review)? = reviews.first, case .object(let dispute)? = review["dispute"],
               case .string(let found)? = dispute["id"] { disputeID = found }
            let yearReviews = try await client.call(.get, "\(year)/reviews", token: coordinator.token)
            var reviewID = "missing"
            if case .array(let items)? = yearReviews["items"], case .object(let first)? = items.first, case .string(let found)? = first["id"] { reviewID = found }
            try await walk.change("settleModerationDispute", .post, "\(samplePath)/disputes/\(disputeID)/resolution", by: chair,
                                  body: #"{"resolution": "Decision stands: two further observations were in the pack.", "citedReviewIds": ["\#(reviewID)"]}"#,
                                  ifMatch: "\"v1\"")

            // Last, as it ends every caller's token: signing out.
            try await walk.change("revokeCurrentToken", .delete, "/v1/me/token", by: nqsw, expect: 204)
            _ = m2
            return (walk.differences, walk.covered, walk.cellsChecked)
        }
        let unreached = mutating.subtracting(covered).sorted()
        print("FIGURE authz_change_matrix_differences \(differences.count) cells (of \(cells))")
        #expect(unreached.isEmpty, "mutating operations the walk does not reach: \(unreached.joined(separator: ", "))")
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }
}
