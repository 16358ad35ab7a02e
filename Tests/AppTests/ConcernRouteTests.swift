@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// Concerns through the HTTP API: raised, shared, answered, closed — and the robust criterion follows.
@Suite struct ConcernRouteTests {
    @Test func concern_lifecycleAndRobustCriterion() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/concerns"
        @Sendable func robustReasons(_ client: any TestClientProtocol) async throws -> String {
            try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/sufficiency", token: org.assessor.token).text
        }
        try await withQuorum(services) { (client) async throws -> Void in
            let body = #"{"category": "progress", "severity": "developmental", "description": "Case recording is consistently late", "statements": ["KSS-CF-10"]}"#
            #expect(try await client.call(.post, base, token: org.nqsw.token, body: body).status == 403)
            #expect(try await client.call(.post, base, token: org.otherAssessor.token, body: body).status == 404)
            let raised = try await client.call(.post, base, token: org.assessor.token, body: body)
            #expect(raised.status == 201)
            #expect(raised["open"] == .bool(true))
            #expect(raised["shareOverdue"] == .bool(false))
            let path = "\(base)/\(try #require(raised.string("id")))"
            #expect(try await robustReasons(client).contains("The developmental progress concern raised on 18 March 2026 by"))
            // The NQSW sees it, but can respond only once it has been shared with them.
            let seen = try await client.call(.get, base, token: org.nqsw.token)
            guard case .array(let items) = seen["items"] else { Issue.record("no items"); return }
            #expect(items.count == 1)
            #expect(try await client.call(.post, "\(path)/response", token: org.nqsw.token, body: #"{"text": "I have a plan"}"#).status == 409)
            #expect(try await client.call(.post, "\(path)/sharing", token: org.assessor.token).status == 200)
            #expect(try await client.call(.post, "\(path)/sharing", token: org.assessor.token).status == 409)
            let answered = try await client.call(.post, "\(path)/response", token: org.nqsw.token, body: #"{"text": "I will block out recording time each Friday."}"#)
            #expect(answered.string("nqswResponse") == "I will block out recording time each Friday.")
            #expect(try await client.call(.post, "\(path)/outcome", token: org.nqsw.token, body: #"{"text": "resolved"}"#).status == 403)
            let closed = try await client.call(.post, "\(path)/outcome", token: org.assessor.token, body: #"{"text": "Recording up to date for six weeks."}"#)
            #expect(closed["open"] == .bool(false))
            #expect(!(try await robustReasons(client).contains("still open")))
            let badMapping = try await client.call(.post, base, token: org.coordinator.token,
                body: #"{"category": "conduct", "severity": "serious", "description": "x", "statements": ["KSS-AD-1"], "evidenceIds": ["\#(UUID())"]}"#)
            #expect(Set(badMapping.problemFields) == ["statements", "evidenceIds"])
        }
    }

    /// History entered later: each step takes the day it happened, never in the future nor before the step it follows.
    @Test func concern_stepsCarryTheDayTheyHappened() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let concerns = "/v1/enrolments/\(org.enrolmentID)/concerns"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let future = try await client.call(.post, concerns, token: org.assessor.token,
                body: #"{"category": "progress", "severity": "developmental", "description": "Late recording", "occurredOn": "\#(today.adding(days: 1))"}"#)
            #expect(future.status == 422 && future.problemFields == ["occurredOn"])
            let raised = try await client.call(.post, concerns, token: org.assessor.token,
                body: #"{"category": "progress", "severity": "developmental", "description": "Late recording", "occurredOn": "\#(today.adding(days: -40))"}"#)
            #expect(raised.status == 201 && raised.string("raisedOn") == today.adding(days: -40).description)
            let path = "\(concerns)/\(try #require(raised.string("id")))"
            let shared = try await client.call(.post, "\(path)/sharing", token: org.assessor.token, body: #"{"occurredOn": "\#(today.adding(days: -38))"}"#)
            #expect(shared.status == 200 && shared.string("sharedOn") == today.adding(days: -38).description)
            let early = try await client.call(.post, "\(path)/response", token: org.nqsw.token,
                                              body: #"{"text": "Agreed", "occurredOn": "\#(today.adding(days: -39))"}"#)
            #expect(early.status == 422 && early.problemFields == ["occurredOn"], "not before it was shared")
        }
    }
}
