@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// The final recommendation through the HTTP API.
@Suite struct RecommendationRouteTests {
    @Test func recommendation_submitAmendWithdraw() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let enrolment = "/v1/enrolments/\(org.enrolmentID)"
        let base = "\(enrolment)/recommendation"
        let today = TestEnvironment.today
        let justified = #", "justifications": [{"criterion": "accurate", "text": "a"}, {"criterion": "valid", "text": "b"}, {"criterion": "sufficient", "text": "c"}, {"criterion": "robust", "text": "d"}]"#
        try await withQuorum(services) { (client) async throws -> Void in
            let noFinal = try await client.call(.post, base, token: org.assessor.token, body: #"{"outcome": "PASS", "rationale": "Strong year"}"#)
            #expect(noFinal.status == 409)
            _ = try await client.call(.post, "\(enrolment)/reviews", token: org.assessor.token,
                                      body: #"{"milestone": 12, "heldOn": "\#(today)", "progress": "Final review"}"#)
            #expect(try await client.call(.post, base, token: org.lineManager.token, body: #"{"outcome": "PASS", "rationale": "x"}"#).status == 403)
            let unjustified = try await client.call(.post, base, token: org.assessor.token, body: #"{"outcome": "PASS", "rationale": "Strong year"}"#)
            #expect(unjustified.status == 422)
            #expect(Set(unjustified.problemFields) == ["justifications/accurate", "justifications/valid", "justifications/sufficient", "justifications/robust"],
                    "a whole year with one day's evidence fails all four")
            var recommendation = try await client.call(.post, base, token: org.assessor.token, body: #"{"outcome": "PASS", "rationale": "Strong year"\#(justified)}"#)
            #expect(recommendation.status == 201)
            #expect(recommendation.string("state") == "submitted")
            #expect(recommendation.text.contains(#""criterion":"accurate""#), "the snapshot holds the findings")
            #expect(try await client.call(.post, base, token: org.assessor.token, body: #"{"outcome": "PASS", "rationale": "again"\#(justified)}"#).status == 409)
            let stale = try await client.call(.post, "\(base)/amendments", token: org.assessor.token, headers: [.ifMatch: "\"v9\""],
                                              body: #"{"outcome": "FAIL", "rationale": "Reconsidered", "reason": "New evidence"\#(justified)}"#)
            #expect(stale.status == 412)
            recommendation = try await client.call(.post, "\(base)/amendments", token: org.assessor.token, headers: [.ifMatch: recommendation.headers[.eTag] ?? ""],
                                                   body: #"{"outcome": "FAIL", "rationale": "Reconsidered", "reason": "New evidence"\#(justified)}"#)
            #expect(recommendation["currentVersion"] == .number(2))
            guard case .array(let versions) = recommendation["versions"] else { Issue.record("no versions"); return }
            #expect(versions.count == 2, "the history is kept")
            recommendation = try await client.call(.post, "\(base)/withdrawal", token: org.coordinator.token, headers: [.ifMatch: recommendation.headers[.eTag] ?? ""],
                                                   body: #"{"reason": "NQSW moving to another employer"}"#)
            #expect(recommendation.string("state") == "withdrawn")
            #expect(try await client.call(.get, base, token: org.nqsw.token).status == 200)
            #expect(try await client.call(.get, base, token: org.otherAssessor.token).status == 404)
        }
    }
}
