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
            #expect(try await client.call(.post, "\(base)/\(sessionID)/report", token: org.nqsw.token).status == 403)
            let reported = try await client.call(.post, "\(base)/\(sessionID)/report", token: org.assessor.token)
            #expect(reported.string("reportedOn") == today.description)
            #expect(try await client.call(.post, "\(base)/\(sessionID)/report", token: org.assessor.token).status == 409)
            let report = try await client.call(.get, "/v1/supervision-compliance", token: org.coordinator.token)
            guard case .array(let rows) = report["items"] else { Issue.record("no rows"); return }
            #expect(rows.count == 1)
            #expect(try await client.call(.get, "/v1/supervision-compliance", token: org.assessor.token).status == 403)
        }
    }
}
