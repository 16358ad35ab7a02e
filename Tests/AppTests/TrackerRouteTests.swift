@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// The ASYE tracker through the HTTP API.
@Suite struct TrackerRouteTests {
    /// Lines follow the year's dates; ticking one is recorded once; the cohort view is for coordinators.
    @Test func tracker_linesTicksAndCohort() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/tracker"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let before = try await client.call(.get, base, token: org.nqsw.token)
            func status(_ response: APIResponse, _ key: String) -> String? {
                guard case .array(let lines) = response["lines"] else { return nil }
                for case .object(let line) in lines where line["key"] == .string(key) {
                    if case .string(let status) = line["status"] { return status }
                }
                return nil
            }
            #expect(status(before, "learning_agreement") == "overdue", "due four weeks after a start thirteen months ago")
            #expect(status(before, "review_3") == "overdue")
            #expect(status(before, "panel") == "pending")
            #expect(try await client.call(.post, "\(base)/learning_agreement", token: org.nqsw.token, body: #"{"completedOn": "\#(today)"}"#).status == 403)
            let ticked = try await client.call(.post, "\(base)/learning_agreement", token: org.lineManager.token, body: #"{"completedOn": "\#(today.adding(days: -30))"}"#)
            #expect(ticked.status == 201)
            #expect(status(ticked, "learning_agreement") == "done")
            #expect(try await client.call(.post, "\(base)/learning_agreement", token: org.coordinator.token, body: #"{"completedOn": "\#(today)"}"#).status == 409)
            #expect(try await client.call(.post, "\(base)/panel_outcome", token: org.coordinator.token, body: #"{"completedOn": "\#(today)"}"#).status == 400)
            let cohort = try await client.call(.get, "/v1/tracker", token: org.coordinator.token)
            guard case .array(let items) = cohort["items"] else { Issue.record("no items"); return }
            #expect(items.count == 1)
            #expect(try await client.call(.get, "/v1/tracker", token: org.assessor.token).status == 403)
        }
    }
}
