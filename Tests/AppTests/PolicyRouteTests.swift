@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// Policies are per organisation and versioned; the checks use the current version.
@Suite struct PolicyRouteTests {
    /// A coordinator saves a stricter sufficiency policy as version 1; the check then reports under it; bad values are named.
    @Test func sufficiencyPolicy_versionsAndApplies() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            let current = try await client.call(.get, "/v1/policies", token: org.assessor.token)
            guard case .object(var sufficiency) = current["sufficiency"] else { Issue.record("no policy"); return }
            #expect(sufficiency["version"] == .number(0))
            sufficiency["verifiedShare"] = .number(0.9)
            sufficiency.removeValue(forKey: "version")
            let unexplained = try await client.call(.post, "/v1/policies/sufficiency", token: org.coordinator.token,
                                                    body: String(decoding: try JSONEncoder().encode(JSONValue.object(sufficiency)), as: UTF8.self))
            #expect(unexplained.status == 422 && unexplained.problemFields == ["reason"], "a policy changes only with a reason")
            sufficiency["reason"] = .string("Verification backlog cleared: we now verify almost everything")
            let body = String(decoding: try JSONEncoder().encode(JSONValue.object(sufficiency)), as: UTF8.self)
            #expect(try await client.call(.post, "/v1/policies/sufficiency", token: org.assessor.token, body: body).status == 403)
            let saved = try await client.call(.post, "/v1/policies/sufficiency", token: org.coordinator.token, body: body)
            #expect(saved.status == 201)
            #expect(saved["version"] == .number(1))
            // The change is in the history: who, why, and the setting's before → after.
            let history = try await client.call(.get, "/v1/audit?action=policy.sufficiency_changed", token: org.coordinator.token)
            #expect(history.text.contains("Verification backlog cleared") && history.text.contains(#""field":"verifiedShare""#)
                    && history.text.contains(#""after":"0.9""#) && history.text.contains(org.coordinator.id.description))
            #expect(try await client.call(.get, "/v1/audit?format=csv&action=policy.sufficiency_changed", token: org.coordinator.token).text
                .hasPrefix("seq,recorded_at,occurred_on,record_kind"))
            #expect(try await client.call(.get, "/v1/audit", token: org.assessor.token).status == 403)
            // One item, not yet verified: 0 of 1 is below the new 90% share.
            #expect(try await client.call(.post, "/v1/enrolments/\(org.enrolmentID)/evidence", token: org.nqsw.token,
                body: #"{"kind": "direct_observation", "practiceDate": "\#(TestEnvironment.today)", "description": "Visit", "statements": ["KSS-CF-1"]}"#).status == 201)
            let check = try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/sufficiency", token: org.assessor.token)
            #expect(check["policyVersion"] == .number(1))
            #expect(check.text.contains("0 of 1 items verified against their source (0%); the policy asks for 90%."))
            sufficiency["verifiedShare"] = .number(2)
            let bad = try await client.call(.post, "/v1/policies/sufficiency", token: org.coordinator.token,
                                            body: String(decoding: try JSONEncoder().encode(JSONValue.object(sufficiency)), as: UTF8.self))
            #expect(bad.problemFields == ["verifiedShare"])
            let missing = try await client.call(.post, "/v1/policies/sufficiency", token: org.coordinator.token, body: #"{"itemsPerStatement": 1}"#)
            #expect(missing.status == 422)
        }
    }

    /// A supervision policy with bands out of order is refused; a valid one becomes the next version.
    @Test func supervisionPolicy_validatesBands() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            let bad = try await client.call(.post, "/v1/policies/supervision", token: org.coordinator.token,
                body: #"{"bands": [{"untilDay": 90, "everyDays": 7, "name": "weekly"}, {"untilDay": 60, "everyDays": 14, "name": "fortnightly"}], "copyWithinWorkingDays": 3, "reportUnrescheduledWithinDays": 14, "reason": "Tighter"}"#)
            #expect(bad.status == 422)
            #expect(Set(bad.problemFields) == ["bands", "bands/1/untilDay"])
            let good = try await client.call(.post, "/v1/policies/supervision", token: org.coordinator.token,
                body: #"{"bands": [{"untilDay": 56, "everyDays": 7, "name": "weekly"}, {"everyDays": 14, "name": "fortnightly"}], "copyWithinWorkingDays": 2, "reportUnrescheduledWithinDays": 10, "reason": "Weekly for eight weeks"}"#)
            #expect(good.status == 201)
            #expect(good["version"] == .number(1))
            let supervision = try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/supervision", token: org.coordinator.token)
            guard case .array(let intervals) = supervision["intervals"] else { Issue.record("no intervals"); return }
            #expect(intervals.allSatisfy { interval in
                if case .object(let object) = interval, case .string(let frequency) = object["frequency"] { return ["weekly", "fortnightly"].contains(frequency) }
                return false
            })
        }
    }
}
