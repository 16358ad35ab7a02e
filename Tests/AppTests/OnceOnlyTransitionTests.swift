@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// Transitions that happen once only (verifying evidence, reporting a
/// cancellation, recording and signing a panel decision) do not require
/// If-Match — a second attempt is 409, so nothing can be lost — but they honour
/// it: a stale ETag is 412 and changes nothing.
@Suite struct OnceOnlyTransitionTests {
    @Test func staleIfMatch_isRefused_missingIsAccepted() async throws {
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let extra = try await PanelRouteTests.extra(org, services: services)
        let today = TestEnvironment.today
        let year = "/v1/enrolments/\(org.enrolmentID)"
        let stale: HTTPFields = [.ifMatch: "\"v9\""]
        try await withQuorum(services) { (client) async throws -> Void in
            let evidence = try await client.call(.post, "\(year)/evidence", token: org.nqsw.token, body: """
                {"kind": "direct_observation", "practiceDate": "\(today)", "description": "Home visit", "statements": ["KSS-CF-1"]}
                """)
            let verification = "\(year)/evidence/\(try #require(evidence.string("id")))/verification"
            let refused = try await client.call(.post, verification, token: org.assessor.token, headers: stale)
            #expect(refused.status == 412 && refused.headers[.eTag] == "\"v1\"")
            #expect(try await client.call(.post, verification, token: org.assessor.token, headers: [.ifMatch: "\"v1\""]).status == 200)

            let cancelled = try await client.call(.post, "\(year)/supervision", token: org.assessor.token,
                                                  body: #"{"scheduledFor": "\#(today.adding(days: -20))", "held": false, "cancellationReason": "Court"}"#)
            let report = "\(year)/supervision/\(try #require(cancelled.string("id")))/report"
            #expect(try await client.call(.post, report, token: org.assessor.token, headers: stale).status == 412)
            #expect(try await client.call(.post, report, token: org.assessor.token).status == 200)

            try await PanelRouteTests.recommend(client, org.enrolmentID, org)
            var panel = try await PanelRouteTests.panel(client, org, chair: extra.members[0].id, members: [extra.members[1].id, extra.members[2].id])
            let listed = try await client.call(.post, "/v1/panels/\(try #require(panel.string("id")))/cases", token: org.coordinator.token,
                                               body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#)
            day.move(to: TestEnvironment.today.adding(days: 14)) // the day the panel sits
            panel = try await PanelRouteTests.event(client, panel, org.coordinator.token, #"{"event": "open"}"#)
            let decision = "/v1/panels/\(try #require(panel.string("id")))/cases/\(try #require(listed.string("id")))/decision"
            let body = #"{"recommendationVersion": 1, "kind": "confirm"}"#
            #expect(try await client.call(.post, decision, token: extra.members[1].token, headers: stale, body: body).status == 412)
            let recorded = try await client.call(.post, decision, token: extra.members[1].token, headers: [.ifMatch: listed.headers[.eTag] ?? ""], body: body)
            #expect(recorded.status == 201)
            #expect(try await client.call(.post, "\(decision)/signature", token: extra.members[0].token, headers: stale).status == 412)
            let signed = try await client.call(.post, "\(decision)/signature", token: extra.members[0].token)
            #expect(signed.status == 200 && signed.text.contains(#""outcome":"PASS""#))
        }
    }
}
