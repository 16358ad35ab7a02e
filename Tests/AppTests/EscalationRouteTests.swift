@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Testing
import Workflows

/// Fitness-to-practise escalations through the HTTP API, role by role.
@Suite struct EscalationRouteTests {
    func etag(_ response: APIResponse) -> HTTPFields { [.ifMatch: response.headers[.eTag] ?? ""] }

    @Test func escalation_accessDecisionAndAuditedReads() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let foreign = try await TestOrganisation.make(services: services)
        let concerns = "/v1/enrolments/\(org.enrolmentID)/concerns"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let minor = try await client.call(.post, concerns, token: org.assessor.token,
                                              body: #"{"category": "progress", "severity": "developmental", "description": "Late recording"}"#)
            #expect(try await client.call(.post, "\(concerns)/\(try #require(minor.string("id")))/escalation", token: org.assessor.token, body: #"{"reason": "Visit records do not match the visits logged."}"#).status == 409)
            let serious = try await client.call(.post, concerns, token: org.assessor.token,
                                                body: #"{"category": "conduct", "severity": "fitness_to_practise", "description": "Records of visits that did not take place"}"#)
            let seriousID = try #require(serious.string("id"))
            #expect(try await client.call(.post, "\(concerns)/\(seriousID)/escalation", token: org.nqsw.token, body: #"{"reason": "Visit records do not match the visits logged."}"#).status == 403)
            var escalation = try await client.call(.post, "\(concerns)/\(seriousID)/escalation", token: org.assessor.token, body: #"{"reason": "Visit records do not match the visits logged."}"#)
            #expect(escalation.status == 201)
            #expect(escalation.string("state") == "awaiting_acknowledgement")
            let path = "/v1/escalations/\(try #require(escalation.string("id")))"
            // Who may read the FtP record: the PSW, the coordinator, and the NQSW's assessor and line manager as they are now — nobody else.
            for member in [org.psw, org.coordinator, org.assessor, org.lineManager] {
                let read = try await client.call(.get, path, token: member.token)
                #expect(read.status == 200)
                #expect(read.text.contains("Records of visits that did not take place"), "the pack carries the concern")
            }
            for member in [org.nqsw, org.panelMember, org.otherAssessor, foreign.psw] {
                #expect(try await client.call(.get, path, token: member.token).status == 404)
            }
            // The NQSW sees that it was escalated, not the deliberation; panel members and other organisations see nothing.
            #expect(try await client.call(.get, concerns, token: org.panelMember.token).status == 404)
            #expect(try await client.call(.get, concerns, token: foreign.coordinator.token).status == 404)
            // Only the PSW acknowledges, notes and decides.
            #expect(try await client.call(.post, "\(path)/events", token: org.coordinator.token, headers: etag(escalation), body: #"{"event": "acknowledge"}"#).status == 403)
            #expect(try await client.call(.post, "\(path)/events", token: org.psw.token, headers: etag(escalation),
                                          body: #"{"event": "decide", "action": "no_further_action", "reasons": "x"}"#).status == 409)
            escalation = try await client.call(.post, "\(path)/events", token: org.psw.token, headers: etag(escalation), body: #"{"event": "acknowledge"}"#)
            escalation = try await client.call(.post, "\(path)/events", token: org.psw.token, headers: etag(escalation),
                                               body: #"{"event": "note", "text": "Spoke to the team manager; pattern over three months."}"#)
            let halfReferral = try await client.call(.post, "\(path)/events", token: org.psw.token, headers: etag(escalation),
                                                     body: #"{"event": "decide", "action": "formal_procedure", "reasons": "Dishonesty", "referralGrounds": ["misconduct"]}"#)
            #expect(halfReferral.problemFields == ["referredOn"])
            escalation = try await client.call(.post, "\(path)/events", token: org.psw.token, headers: etag(escalation),
                body: #"{"event": "decide", "action": "formal_procedure", "reasons": "Dishonesty in records", "referralGrounds": ["misconduct"], "referredOn": "\#(today)"}"#)
            #expect(escalation.string("state") == "decided")
            let seenByNQSW = try await client.call(.get, concerns, token: org.nqsw.token)
            #expect(seenByNQSW.text.contains(#""escalationDecision":"formal_procedure""#))
            #expect(seenByNQSW.text.contains(#""referredToSocialWorkEngland":true"#))
            #expect(!seenByNQSW.text.contains("pattern over three months"), "never the PSW's notes")
            // Dashboard: coordinators and the PSW, JSON and CSV.
            let dashboard = try await client.call(.get, "/v1/dashboard", token: org.psw.token)
            #expect(dashboard.text.contains(#""kind":"referral""#))
            #expect(dashboard.text.contains(#""kind":"open_concern""#))
            let csv = try await client.call(.get, "/v1/dashboard?format=csv", token: org.coordinator.token)
            #expect(csv.text.hasPrefix("kind,nqsw,enrolment_id,state,due,overdue"))
            #expect(try await client.call(.get, "/v1/dashboard", token: org.assessor.token).status == 403)
        }
        let reads = try await services.pool.inOrganisation(org.id) { connection in
            try connection.query("SELECT count(*)::int8 FROM record_reads WHERE organisation_id = \(org.id) AND action = 'escalation.read'")[0].decode(Int.self, at: 0)
        }
        #expect(reads >= 3, "every reader of the FtP record is in the read log")
    }

    /// An escalation says why (nothing is written without a reason), may name
    /// a plan of the same year, is open to the line manager too, carries the
    /// supervision records themselves, and a referral records the regulator's reference.
    @Test func escalation_needsAReason_carriesSupervision_andTheRegulatorsReference() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let year = "/v1/enrolments/\(org.enrolmentID)"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let session = try await client.call(.post, "\(year)/supervision", token: org.lineManager.token, body: """
                {"scheduledFor": "\(today.adding(days: -7))", "held": true, "durationMinutes": 90, "topics": "Case recording and visit logs", "agreedActions": "Audit two files"}
                """)
            #expect(session.status == 201)
            let serious = try await client.call(.post, "\(year)/concerns", token: org.lineManager.token,
                                                body: #"{"category": "conduct", "severity": "fitness_to_practise", "description": "Visit logs do not match records"}"#)
            let escalate = "\(year)/concerns/\(try #require(serious.string("id")))/escalation"
            let blank = try await client.call(.post, escalate, token: org.lineManager.token, body: #"{"reason": "  "}"#)
            #expect(blank.status == 422 && blank.problemFields == ["reason"])
            #expect(try await client.call(.post, escalate, token: org.lineManager.token, body: "{}").problemFields == ["reason"])
            let strangePlan = try await client.call(.post, escalate, token: org.lineManager.token,
                                                    body: #"{"reason": "Pattern over three months", "planId": "\#(UUID())"}"#)
            #expect(strangePlan.status == 422 && strangePlan.problemFields == ["planId"])
            #expect(try await client.call(.get, "/v1/escalations", token: org.psw.token).text == #"{"items":[]}"#, "a refused escalation writes nothing")
            let escalated = try await client.call(.post, escalate, token: org.lineManager.token, body: #"{"reason": "Pattern over three months"}"#)
            #expect(escalated.status == 201)
            #expect(escalated.string("reason") == "Pattern over three months")
            guard case .object(let pack)? = escalated["pack"], case .array(let sessions)? = pack["supervision"],
                  case .object(let first)? = sessions.first else { Issue.record("no supervision in the pack"); return }
            #expect(first["topics"] == .string("Case recording and visit logs") && first["held"] == .bool(true))

            let path = "/v1/escalations/\(try #require(escalated.string("id")))"
            var current = try await client.call(.post, "\(path)/events", token: org.psw.token, headers: etag(escalated), body: #"{"event": "acknowledge"}"#)
            let referenceWithoutReferral = try await client.call(.post, "\(path)/events", token: org.psw.token, headers: etag(current),
                body: #"{"event": "decide", "action": "continue_support", "reasons": "Support first", "regulatorReference": "SWE-123"}"#)
            #expect(referenceWithoutReferral.problemFields == ["regulatorReference"])
            current = try await client.call(.post, "\(path)/events", token: org.psw.token, headers: etag(current), body: """
                {"event": "decide", "action": "formal_procedure", "reasons": "Dishonesty in records", "referralGrounds": ["misconduct"],
                 "referredOn": "\(today)", "regulatorReference": "SWE-FTP-004512"}
                """)
            #expect(current.status == 200)
            guard case .object(let decision)? = current["decision"] else { Issue.record("no decision"); return }
            #expect(decision["regulatorReference"] == .string("SWE-FTP-004512"))
        }
    }
}
