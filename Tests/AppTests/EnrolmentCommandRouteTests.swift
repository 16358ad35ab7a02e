@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Testing
import Workflows

/// Enrolling, changing terms, and what the audit trail records.
@Suite struct EnrolmentCommandRouteTests {
    func newEnrolmentBody(_ org: TestOrganisation, nqsw: PersonID? = nil, setting: String = "adults", fte: String = "0.6") -> String {
        """
        {"nqswId": "\(nqsw ?? org.otherNQSW.id)", "setting": "\(setting)", "startDate": "\(TestEnvironment.today)",
         "fte": \(fte), "assessorId": "\(org.otherAssessor.id)", "lineManagerId": "\(org.lineManager.id)"}
        """
    }

    /// A coordinator enrols an NQSW; the enrolment and exactly one audit event exist afterwards.
    @Test func createEnrolment_byCoordinator_isStoredAndAudited() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let created = try await withQuorum(services) { client in
            try await client.call(.post, "/v1/enrolments", token: org.coordinator.token, body: newEnrolmentBody(org))
        }
        #expect(created.status == 201)
        #expect(created.headers[.eTag] == "\"v1\"")
        let id = try #require(created.string("id"))
        #expect(created.headers[.location] == "/v1/enrolments/\(id)")
        #expect(created["fte"] == .number(0.6))
        let events = try await services.pool.inOrganisation(org.id) { connection in
            try connection.query("SELECT action, actor_person_id FROM audit_events WHERE entity_id = \(UUID(uuidString: id)!)")
                .map { (try $0.decode(String.self, at: 0), try $0.decode(UUID.self, at: 1)) }
        }
        #expect(events.count == 1)
        #expect(events.first?.0 == "enrolment.created")
        #expect(events.first?.1 == org.coordinator.id.uuid)
    }

    /// Non-coordinators cannot enrol; a second active year for the same NQSW is a 409.
    @Test func createEnrolment_refusals() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            let byAssessor = try await client.call(.post, "/v1/enrolments", token: org.assessor.token, body: newEnrolmentBody(org))
            #expect(byAssessor.status == 403)
            let duplicate = try await client.call(.post, "/v1/enrolments", token: org.coordinator.token, body: newEnrolmentBody(org, nqsw: org.nqsw.id))
            #expect(duplicate.status == 409)
            #expect(duplicate.problemKind == "duplicate")
        }
    }

    /// Bad fields are all named at once: wrong types, unknown enum values, people without the role, unknown fields.
    @Test func createEnrolment_validation_namesEveryField() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            let body = """
                {"nqswId": "\(org.assessor.id)", "setting": "prisons", "startDate": "2026-02-30", "fte": "full",
                 "assessorId": "\(UUID())", "lineManagerId": 7, "colour": "blue"}
                """
            let response = try await client.call(.post, "/v1/enrolments", token: org.coordinator.token, body: body)
            #expect(response.status == 422)
            #expect(response.problemKind == "validation")
            #expect(Set(response.problemFields) == ["setting", "startDate", "fte", "lineManagerId", "colour"])
            // Shape is right but the people are wrong: checked against the organisation.
            let wrongPeople = """
                {"nqswId": "\(org.assessor.id)", "setting": "adults", "startDate": "\(TestEnvironment.today)", "fte": 1,
                 "assessorId": "\(UUID())", "lineManagerId": "\(org.lineManager.id)"}
                """
            let people = try await client.call(.post, "/v1/enrolments", token: org.coordinator.token, body: wrongPeople)
            #expect(people.status == 422)
            #expect(Set(people.problemFields) == ["nqswId", "assessorId"])
        }
    }

    /// A change needs If-Match (428), a stale one is 412 with the current ETag, a fresh one applies and bumps the version.
    @Test func changeEnrolment_isConditional() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let path = "/v1/enrolments/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            let missing = try await client.call(.patch, path, token: org.coordinator.token, body: #"{"fte": 0.8}"#)
            #expect(missing.status == 428)
            let changed = try await client.call(.patch, path, token: org.coordinator.token, headers: [.ifMatch: "\"v1\""], body: #"{"fte": 0.8}"#)
            #expect(changed.status == 200)
            #expect(changed.headers[.eTag] == "\"v2\"")
            #expect(changed["fte"] == .number(0.8))
            let stale = try await client.call(.patch, path, token: org.coordinator.token, headers: [.ifMatch: "\"v1\""], body: #"{"fte": 0.5}"#)
            #expect(stale.status == 412)
            #expect(stale.headers[.eTag] == "\"v2\"")
            let garbled = try await client.call(.patch, path, token: org.coordinator.token, headers: [.ifMatch: "yesterday"], body: #"{"fte": 0.5}"#)
            #expect(garbled.status == 400)
            let byAssessor = try await client.call(.patch, path, token: org.assessor.token, headers: [.ifMatch: "\"v2\""], body: #"{"fte": 0.5}"#)
            #expect(byAssessor.status == 403)
        }
    }

    /// A change of assessor goes through its own route: circumstances and a handover (or why none), recorded with before/after.
    @Test func changeAssessor_recordsCircumstancesAndBeforeAfter() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let path = "/v1/enrolments/\(org.enrolmentID)"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let viaPatch = try await client.call(.patch, path, token: org.coordinator.token, headers: [.ifMatch: "\"v1\""],
                                                 body: #"{"assessorId": "\#(org.otherAssessor.id)", "reason": "x"}"#)
            #expect(viaPatch.status == 422)
            #expect(viaPatch.problemFields == ["assessorId"])
            let noHandover = try await client.call(.post, "\(path)/assessor-changes", token: org.coordinator.token, headers: [.ifMatch: "\"v1\""],
                                                   body: #"{"assessorId": "\#(org.otherAssessor.id)", "changedOn": "\#(today)", "circumstances": "Moved team"}"#)
            #expect(Set(noHandover.problemFields) == ["handoverOn", "handoverAttendeeIds", "continuingSupport", "handoverNote"])
            // "No handover" only for an exceptional circumstance from the list.
            let freeText = try await client.call(.post, "\(path)/assessor-changes", token: org.coordinator.token, headers: [.ifMatch: "\"v1\""],
                body: #"{"assessorId": "\#(org.otherAssessor.id)", "changedOn": "\#(today)", "circumstances": "Moved team", "noHandoverReason": "Too busy"}"#)
            #expect(freeText.problemFields.contains("noHandoverCategory"))
            // A handover without a coordinator or team manager present is not a formal handover.
            let twoOnly = try await client.call(.post, "\(path)/assessor-changes", token: org.coordinator.token, headers: [.ifMatch: "\"v1\""], body: """
                {"assessorId": "\(org.otherAssessor.id)", "changedOn": "\(today)", "circumstances": "Moved team", "handoverOn": "\(today.adding(days: -2))",
                 "handoverAttendeeIds": ["\(org.assessor.id)", "\(org.otherAssessor.id)"], "continuingSupport": "Fortnightly joint supervision", "handoverNote": "Progress good"}
                """)
            #expect(twoOnly.problemFields == ["handoverAttendeeIds"])
            let changed = try await client.call(.post, "\(path)/assessor-changes", token: org.coordinator.token, headers: [.ifMatch: "\"v1\""], body: """
                {"assessorId": "\(org.otherAssessor.id)", "changedOn": "\(today)", "circumstances": "Assessor moved team", "handoverOn": "\(today.adding(days: -2))",
                 "handoverAttendeeIds": ["\(org.assessor.id)", "\(org.otherAssessor.id)", "\(org.coordinator.id)"],
                 "continuingSupport": "Fortnightly joint supervision until the 9-month review", "handoverNote": "Progress good; focus on KSS 7 next."}
                """)
            #expect(changed.status == 201)
            #expect(changed.headers[.eTag] == "\"v2\"")
            let history = try await client.call(.get, "\(path)/audit", token: org.coordinator.token)
            guard case .array(let events) = history["events"], case .object(let last) = events.last else {
                Issue.record("no events"); return
            }
            #expect(last["reason"] == .string("Assessor moved team"))
            #expect(last["actorId"] == .string(org.coordinator.id.description))
            let expectedChange: JSONValue = .object(["field": .string("assessorId"), "before": .string(org.assessor.id.description), "after": .string(org.otherAssessor.id.description)])
            guard case .array(let changes) = last["changes"] else { Issue.record("no changes"); return }
            #expect(changes.contains(expectedChange))
            // The outgoing assessor loses access; the new one has it.
            #expect(try await client.call(.get, path, token: org.assessor.token).status == 404)
            #expect(try await client.call(.get, path, token: org.otherAssessor.token).status == 200)
        }
    }

    /// A refused command writes nothing: no change, no audit event.
    @Test func failedCommand_leavesNoPartialState() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        func count() async throws -> Int {
            try await services.pool.inOrganisation(org.id) { connection in
                try connection.query("SELECT count(*)::int8 FROM audit_events WHERE organisation_id = \(org.id)")[0].decode(Int.self, at: 0)
            }
        }
        let before = try await count()
        try await withQuorum(services) { (client) async throws -> Void in
            _ = try await client.call(.patch, "/v1/enrolments/\(org.enrolmentID)", token: org.coordinator.token, headers: [.ifMatch: "\"v1\""],
                                      body: #"{"lineManagerId": "\#(org.assessor.id)", "reason": "x"}"#)
            _ = try await client.call(.post, "/v1/enrolments", token: org.coordinator.token, body: newEnrolmentBody(org, nqsw: org.nqsw.id))
        }
        #expect(try await count() == before)
    }
}
