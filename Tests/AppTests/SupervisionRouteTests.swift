@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// Supervision through the HTTP API: recording, countersigning, copies, cancellations and compliance.
@Suite struct SupervisionRouteTests {
    /// The line manager records a session; the NQSW countersigns; the copy is recorded; compliance reflects it.
    @Test func supervision_recordSignCopyAndComply() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/supervision"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            #expect(try await client.call(.post, base, token: org.nqsw.token,
                                          body: #"{"scheduledFor": "\#(today)", "held": true, "durationMinutes": 60, "topics": "x"}"#).status == 403)
            let session = try await client.call(.post, base, token: org.lineManager.token,
                body: #"{"scheduledFor": "\#(today.adding(days: -1))", "held": true, "durationMinutes": 75, "topics": "Two child protection cases; reflection on a hard visit", "agreedActions": "Joint visit"}"#)
            #expect(session.status == 201)
            #expect(session.string("supervisorSignedOn") == today.description)
            let path = "\(base)/\(try #require(session.string("id")))"
            #expect(try await client.call(.post, "\(path)/signatures", token: org.lineManager.token, headers: [.ifMatch: "\"v1\""]).status == 403)
            let signed = try await client.call(.post, "\(path)/signatures", token: org.nqsw.token, headers: [.ifMatch: "\"v1\""])
            #expect(signed.string("nqswSignedOn") == today.description)
            let copied = try await client.call(.post, "\(path)/copy", token: org.lineManager.token, headers: [.ifMatch: "\"v2\""])
            #expect(copied.string("copyGivenOn") == today.description)
            #expect(try await client.call(.post, "\(path)/copy", token: org.lineManager.token, headers: [.ifMatch: "\"v3\""]).status == 409)
            let view = try await client.call(.get, base, token: org.nqsw.token)
            guard case .array(let intervals) = view["intervals"] else { Issue.record("no intervals"); return }
            #expect(!intervals.isEmpty, "the year began two months ago: weekly intervals have ended")
            #expect(view["compliant"] == .bool(false), "sessions were missed before this one")
            #expect(try await client.call(.get, base, token: org.otherAssessor.token).status == 404)
        }
    }

    /// A cancellation needs a reason; one never rescheduled is listed for report; the coordinator's report covers every year.
    @Test func supervision_cancellationsAndOrganisationReport() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/supervision"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let noReason = try await client.call(.post, base, token: org.assessor.token, body: #"{"scheduledFor": "\#(today.adding(days: -20))", "held": false}"#)
            #expect(noReason.problemFields == ["cancellationReason"])
            let cancelled = try await client.call(.post, base, token: org.assessor.token,
                                                  body: #"{"scheduledFor": "\#(today.adding(days: -20))", "held": false, "cancellationReason": "Emergency court hearing"}"#)
            #expect(cancelled.status == 201)
            let view = try await client.call(.get, base, token: org.coordinator.token)
            guard case .array(let unrescheduled) = view["unrescheduledCancellations"], case .object(let first) = unrescheduled.first else {
                Issue.record("no cancellation listed"); return
            }
            #expect(first["overdue"] == .bool(true), "not reported within two weeks")
            let sessionID = try #require(cancelled.string("id"))
            #expect(try await client.call(.post, "\(base)/\(sessionID)/report", token: org.otherAssessor.token).status == 404)
            // The NQSW whose session it was may report it too.
            let reported = try await client.call(.post, "\(base)/\(sessionID)/report", token: org.nqsw.token)
            #expect(reported.string("reportedOn") == today.description)
            #expect(try await client.call(.post, "\(base)/\(sessionID)/report", token: org.assessor.token).status == 409)
            let report = try await client.call(.get, "/v1/supervision-compliance", token: org.coordinator.token)
            guard case .array(let rows) = report["items"] else { Issue.record("no rows"); return }
            #expect(rows.count == 1)
            #expect(try await client.call(.get, "/v1/supervision-compliance", token: org.assessor.token).status == 403)
        }
    }

    /// A session has a kind and a time; agreed actions each name an owner and a date; a group session does not meet the standard.
    @Test func supervision_kindTimeAndOwnedActions() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/supervision"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let unowned = try await client.call(.post, base, token: org.lineManager.token, body: """
                {"scheduledFor": "\(today.adding(days: -2))", "held": true, "durationMinutes": 60, "topics": "Caseload",
                 "actions": [{"description": "Joint visit", "ownerId": "\(org.panelMember.id)", "dueOn": "\(today.adding(days: -3))"}]}
                """)
            #expect(unowned.status == 422 && Set(unowned.problemFields) == ["actions/0/ownerId", "actions/0/dueOn"])
            let noDate = try await client.call(.post, base, token: org.lineManager.token, body: """
                {"scheduledFor": "\(today.adding(days: -2))", "held": true, "durationMinutes": 60, "topics": "Caseload", "actions": [{"description": "Joint visit", "ownerId": "\(org.nqsw.id)"}]}
                """)
            #expect(noDate.problemFields == ["actions/0/dueOn"])
            let group = try await client.call(.post, base, token: org.lineManager.token, body: """
                {"scheduledFor": "\(today.adding(days: -2))", "kind": "group", "startsAt": "14:30", "held": true, "durationMinutes": 90, "topics": "Team case discussion",
                 "actions": [{"description": "Read the neglect toolkit", "ownerId": "\(org.nqsw.id)", "dueOn": "\(today.adding(days: 12))"}]}
                """)
            #expect(group.status == 201 && group.string("kind") == "group" && group.string("startsAt") == "14:30")
            guard case .array(let actions)? = group["actions"], case .object(let action)? = actions.first else { Issue.record("no actions"); return }
            #expect(action["ownerId"] == .string(org.nqsw.id.description))
            let view = try await client.call(.get, "\(base)?asOf=\(today.adding(days: 40))", token: org.nqsw.token)
            guard case .array(let intervals)? = view["intervals"] else { Issue.record("no intervals"); return }
            #expect(!intervals.isEmpty && !intervals.contains { interval in
                if case .object(let members) = interval { return members["sessionsHeld"] != .number(0) } else { return true }
            }, "a group session does not meet the individual standard")
        }
    }

    /// A signed record is never edited: an addendum stands beside it, with who and when.
    @Test func supervision_addendumKeepsTheRecord() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/supervision"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let session = try await client.call(.post, base, token: org.lineManager.token,
                                                body: #"{"scheduledFor": "\#(today.adding(days: -3))", "held": true, "durationMinutes": 60, "topics": "Caseload"}"#)
            let path = "\(base)/\(try #require(session.string("id")))/addenda"
            #expect(try await client.call(.post, path, token: org.nqsw.token, body: #"{"text": "  "}"#).problemFields == ["text"])
            #expect(try await client.call(.post, path, token: org.otherAssessor.token, body: #"{"text": "x"}"#).status == 404)
            let added = try await client.call(.post, path, token: org.nqsw.token, body: #"{"text": "We also agreed I shadow a strategy meeting."}"#)
            #expect(added.status == 201 && added.string("topics") == "Caseload")
            guard case .array(let addenda)? = added["addenda"], case .object(let first)? = addenda.first else { Issue.record("no addenda"); return }
            #expect(first["addedBy"] == .string(org.nqsw.id.description) && first["addedOn"] == .string(today.description))
        }
    }
}
