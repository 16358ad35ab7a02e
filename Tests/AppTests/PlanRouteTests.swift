@testable import App
import Domain
import Foundation
import PQ
import Store
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// Support and action plans through the HTTP API.
@Suite struct PlanRouteTests {
    func draftBody(_ today: CalendarDay, owner: PersonID) -> String {
        #"{"support": "Weekly reflective supervision; shadowing a senior on two assessments", "supportActions": \#(Self.actions(today, owner: owner)), "nextReviewOn": "\#(today.adding(days: 28))", "objectives": [{"description": "Complete assessments within timescales", "statements": ["KSS-CF-6", "PCF-7"], "targetDate": "\#(today.adding(days: 28))"}]}"#
    }

    func etag(_ response: APIResponse) -> HTTPFields { [.ifMatch: response.headers[.eTag] ?? ""] }

    /// One support action, owned by whoever `owner` is (a person id), due in a week.
    static func actions(_ today: CalendarDay, owner: PersonID) -> String {
        #"[{"description": "Shadow a senior on two assessments", "ownerId": "\#(owner)", "dueOn": "\#(today.adding(days: 7))"}]"#
    }

    /// Draft → three acknowledgements → active → review → closed; refused steps say why; robust follows.
    @Test func plan_fullLifecycle() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/plans"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            var plan = try await client.call(.post, base, token: org.assessor.token, body: draftBody(today, owner: org.lineManager.id))
            #expect(plan.status == 201)
            #expect(plan.string("state") == "draft")
            let events = "\(base)/\(try #require(plan.string("id")))/events"
            let early = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan), body: #"{"event": "start"}"#)
            #expect(early.status == 409)
            #expect(early.text.contains("waiting for"))
            #expect(early.text.contains("(state: draft, event: start)"))
            plan = try await client.call(.post, events, token: org.nqsw.token, headers: etag(plan), body: #"{"event": "acknowledge", "comments": "I understand the plan."}"#)
            plan = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan), body: #"{"event": "acknowledge"}"#)
            plan = try await client.call(.post, events, token: org.lineManager.token, headers: etag(plan), body: #"{"event": "acknowledge"}"#)
            #expect(plan.string("state") == "agreed")
            #expect(plan.string("nqswComments") == "I understand the plan.")
            plan = try await client.call(.post, events, token: org.lineManager.token, headers: etag(plan), body: #"{"event": "start"}"#)
            #expect(plan.string("state") == "active")
            let robust = try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/sufficiency", token: org.assessor.token)
            #expect(robust.text.contains("is still in progress: its objectives are not yet met"))
            #expect(try await client.call(.post, events, token: org.assessor.token, headers: etag(plan), body: #"{"event": "escalate", "procedure": "capability"}"#).status == 403)
            let incomplete = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan), body: #"{"event": "begin_review", "objectiveOutcomes": []}"#)
            #expect(incomplete.problemFields == ["objectiveOutcomes"])
            plan = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan),
                                         body: #"{"event": "begin_review", "objectiveOutcomes": [{"number": 1, "outcome": "met", "note": "All within timescales"}]}"#)
            #expect(plan.string("state") == "under_review")
            #expect(try await client.call(.post, events, token: org.assessor.token, headers: etag(plan), body: #"{"event": "close"}"#).problemFields
                        .sorted() == ["closingOutcome", "evidence"])
            plan = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan),
                                         body: #"{"event": "close", "closingOutcome": "met", "evidence": "Six assessments on time; audit of two files"}"#)
            #expect(plan.string("state") == "closed" && plan.string("closingOutcome") == "met")
            #expect(try await client.call(.post, events, token: org.assessor.token, headers: etag(plan), body: #"{"event": "start"}"#).status == 409)
            #expect(try await client.call(.get, base, token: org.otherAssessor.token).status == 404)
            #expect(try await client.call(.get, base, token: org.nqsw.token).status == 200)
        }
        let reads = try await services.pool.inOrganisation(org.id) { connection in
            try connection.query("SELECT person_id FROM record_reads WHERE organisation_id = \(org.id) AND action = 'plan.read'").map { try $0.decode(PersonID.self, at: 0) }
        }
        #expect(reads.contains(org.nqsw.id), "reading a support plan is in the audit trail")
    }

    /// Escalated to a formal procedure, the plan passes to HR, who sees only escalated plans and records the outcome.
    @Test func plan_escalatedToHR() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/plans"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            var plan = try await client.call(.post, base, token: org.assessor.token, body: draftBody(today, owner: org.lineManager.id))
            let events = "\(base)/\(try #require(plan.string("id")))/events"
            #expect(try await client.call(.get, base, token: org.hr.token).status == 404,
                    "before a plan is handed to them, HR cannot tell the year exists (finding 17: no existence oracle)")
            for member in [org.nqsw, org.assessor, org.lineManager] {
                plan = try await client.call(.post, events, token: member.token, headers: etag(plan), body: #"{"event": "acknowledge"}"#)
            }
            plan = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan), body: #"{"event": "start"}"#)
            plan = try await client.call(.post, events, token: org.coordinator.token, headers: etag(plan), body: #"{"event": "escalate", "procedure": "capability"}"#)
            #expect(plan.string("state") == "escalated")
            let seen = try await client.call(.get, base, token: org.hr.token)
            guard case .array(let items) = seen["items"] else { Issue.record("no items"); return }
            #expect(items.count == 1)
            func escalatedOnTheBoard() async throws -> Bool {
                try await client.call(.get, "/v1/dashboard", token: org.coordinator.token).text.contains(#""kind":"escalated_plan","nqsw""#)
            }
            #expect(try await escalatedOnTheBoard(), "the dashboard lists a plan handed to a formal procedure")
            plan = try await client.call(.post, events, token: org.hr.token, headers: etag(plan),
                                         body: #"{"event": "record_procedure_outcome", "outcome": "Capability hearing: improvement period of 8 weeks"}"#)
            #expect(plan.string("procedureOutcome") == "Capability hearing: improvement period of 8 weeks")
            #expect(try await !escalatedOnTheBoard(), "until the procedure's outcome is recorded")
            #expect(try await client.call(.post, events, token: org.hr.token, headers: etag(plan), body: #"{"event": "cancel", "reason": "x"}"#).status == 403)
        }
    }

    /// Two people acting on the same plan version at once: exactly one wins, the other is told it is stale.
    @Test(arguments: 1...3)
    func plan_concurrentEvents_oneWins(trial: Int) async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/plans"
        let today = TestEnvironment.today
        let statuses = try await withQuorum(services) { client in
            let plan = try await client.call(.post, base, token: org.assessor.token, body: draftBody(today, owner: org.lineManager.id))
            let events = "\(base)/\(plan.string("id") ?? "")/events"
            let tag = plan.headers[.eTag] ?? ""
            return try await withThrowingTaskGroup(of: Int.self) { group in
                for token in [org.nqsw.token, org.assessor.token, org.lineManager.token, org.coordinator.token] {
                    group.addTask {
                        let body = token == org.coordinator.token ? #"{"event": "cancel", "reason": "Left the organisation"}"# : #"{"event": "acknowledge"}"#
                        return try await client.call(.post, events, token: token, headers: [.ifMatch: tag], body: body).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1, "statuses: \(statuses.sorted())")
        #expect(statuses.filter { $0 == 412 }.count == 3)
    }

    /// A plan is agreed only on concerns shared with the NQSW; it may close with its objectives not met,
    /// with the evidence, and the robust criterion then says so.
    @Test func plan_agreedOnSharedConcerns_closedAsNotMet() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let year = "/v1/enrolments/\(org.enrolmentID)"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let concern = try await client.call(.post, "\(year)/concerns", token: org.assessor.token,
                                                body: #"{"category": "capability", "severity": "serious", "description": "Assessments late"}"#)
            let concernID = try #require(concern.string("id"))
            var plan = try await client.call(.post, "\(year)/plans", token: org.assessor.token, body: """
                {"concernIds": ["\(concernID)"], "support": "Weekly reflective supervision", "supportActions": \(Self.actions(today, owner: org.lineManager.id)), "nextReviewOn": "\(today.adding(days: 28))",
                 "objectives": [{"description": "Assessments on time", "statements": ["KSS-CF-6"], "targetDate": "\(today.adding(days: 28))"}]}
                """)
            #expect(plan.status == 201)
            let events = "\(year)/plans/\(try #require(plan.string("id")))/events"
            let unshared = try await client.call(.post, events, token: org.nqsw.token, headers: etag(plan), body: #"{"event": "acknowledge"}"#)
            #expect(unshared.status == 409 && unshared["rule"] == .string("plan-on-shared-concerns") && unshared["date"] == .string(today.description))
            #expect(try await client.call(.get, "\(year)/plans", token: org.assessor.token).text.contains(#""acknowledgements":{}"#), "nothing written")
            #expect(try await client.call(.post, "\(year)/concerns/\(concernID)/sharing", token: org.assessor.token).status == 200)
            for member in [org.nqsw, org.assessor, org.lineManager] {
                plan = try await client.call(.post, events, token: member.token, headers: etag(plan), body: #"{"event": "acknowledge"}"#)
            }
            plan = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan), body: #"{"event": "start"}"#)
            plan = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan),
                                         body: #"{"event": "begin_review", "objectiveOutcomes": [{"number": 1, "outcome": "not_met", "note": "Still late"}]}"#)
            let asMet = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan),
                                              body: #"{"event": "close", "closingOutcome": "met", "evidence": "x"}"#)
            #expect(asMet.status == 409 && asMet.problemKind == "objectives-not-met")
            plan = try await client.call(.post, events, token: org.assessor.token, headers: etag(plan),
                                         body: #"{"event": "close", "closingOutcome": "not_met", "evidence": "Three of five assessments late after eight weeks"}"#)
            #expect(plan.string("state") == "closed" && plan.string("closingOutcome") == "not_met")
            let robust = try await client.call(.get, "\(year)/sufficiency", token: org.assessor.token)
            #expect(robust.text.contains("with its objectives not met"))
        }
    }

    /// A step entered later carries its own day; the history shows each version and who acknowledged which.
    @Test func plan_history_readableByThoseWhoSeeThePlan() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/plans"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            var plan = try await client.call(.post, base, token: org.assessor.token, body: draftBody(today, owner: org.lineManager.id))
            let id = try #require(plan.string("id"))
            let future = try await client.call(.post, "\(base)/\(id)/events", token: org.nqsw.token, headers: etag(plan),
                                               body: #"{"event": "acknowledge", "occurredOn": "\#(today.adding(days: 1))"}"#)
            #expect(future.status == 422 && future.problemFields == ["occurredOn"])
            plan = try await client.call(.post, "\(base)/\(id)/events", token: org.nqsw.token, headers: etag(plan), body: #"{"event": "acknowledge"}"#)
            plan = try await client.call(.post, "\(base)/\(id)/events", token: org.assessor.token, headers: etag(plan),
                                         body: #"{"event": "edit", "support": "Fortnightly reflective supervision"}"#)
            #expect(plan["contentVersion"] == .number(2))
            let history = try await client.call(.get, "\(base)/\(id)/history", token: org.nqsw.token)
            #expect(history.status == 200)
            guard case .array(let versions) = history["versions"], case .array(let acknowledgements) = history["acknowledgements"] else {
                Issue.record("history without versions or acknowledgements: \(history.text)")
                return
            }
            #expect(versions.count == 2 && acknowledgements.count == 1)
            #expect(history.text.contains("Weekly reflective supervision") && history.text.contains("Fortnightly reflective supervision"))
            #expect(try await client.call(.get, "\(base)/\(id)/history", token: org.otherAssessor.token).status == 404)
        }
    }
}
