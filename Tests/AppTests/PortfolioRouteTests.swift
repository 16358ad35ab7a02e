@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Testing
import Workflows

/// The evidence portfolio through the HTTP API: adding, mapping, judging, verifying, and who may do what.
@Suite struct PortfolioRouteTests {
    func evidenceBody(kind: String = "direct_observation", date: CalendarDay = TestEnvironment.today, statements: [String] = ["KSS-CF-1", "PCF-7"]) -> String {
        #"{"kind": "\#(kind)", "practiceDate": "\#(date)", "description": "Home visit with a family of four", "statements": [\#(statements.map { "\"\($0)\"" }.joined(separator: ", "))]}"#
    }

    /// Frameworks are listed as versioned reference data with their statements.
    @Test func frameworks_listVersionsAndStatements() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            let response = try await client.call(.get, "/v1/frameworks", token: org.nqsw.token)
            guard case .array(let items) = response["items"] else { Issue.record("no items"); return }
            let byID = Dictionary(uniqueKeysWithValues: items.compactMap { item -> (String, Int)? in
                guard case .object(let object) = item, case .string(let id) = object["id"], case .array(let statements) = object["statements"] else { return nil }
                return (id, statements.count)
            })
            #expect(byID["kss-child-family-2014"] == 10)
            #expect(byID["pcf-2018-asye"] == 9)
        }
    }

    /// The NQSW adds evidence; the assessor judges and verifies it; each step is audited once.
    @Test func evidence_addJudgeVerify() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/evidence"
        try await withQuorum(services) { (client) async throws -> Void in
            let added = try await client.call(.post, base, token: org.nqsw.token, body: evidenceBody())
            #expect(added.status == 201)
            #expect(added.string("standing") == "unjudged")
            let id = try #require(added.string("id"))
            let judged = try await client.call(.post, "\(base)/\(id)/judgements", token: org.assessor.token,
                                               body: #"{"level": "meets", "feedback": "Warm, authoritative, child kept central."}"#)
            #expect(judged.status == 201)
            #expect(judged.string("standing") == "meets")
            let verified = try await client.call(.post, "\(base)/\(id)/verification", token: org.assessor.token)
            #expect(verified.status == 200)
            #expect(verified.string("verifiedBy") == org.assessor.id.description)
            let again = try await client.call(.post, "\(base)/\(id)/verification", token: org.assessor.token)
            #expect(again.status == 409)
            let list = try await client.call(.get, base, token: org.lineManager.token)
            guard case .array(let items) = list["items"] else { Issue.record("no items"); return }
            #expect(items.count == 1)
        }
        let actions = try await services.pool.inOrganisation(org.id) { connection in
            try connection.query("SELECT action FROM audit_events WHERE organisation_id = \(org.id) AND entity_type = 'evidence' ORDER BY seq")
                .map { try $0.decode(String.self, at: 0) }
        }
        #expect(actions == ["evidence.added", "evidence.judged", "evidence.verified"])
    }

    /// Mappings must belong to the year's pinned frameworks; dates must fall within the year so far.
    @Test func evidence_validation_namesStatementAndDate() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/evidence"
        try await withQuorum(services) { (client) async throws -> Void in
            let foreign = try await client.call(.post, base, token: org.nqsw.token, body: evidenceBody(statements: ["KSS-AD-3", "KSS-CF-2"]))
            #expect(foreign.status == 422)
            #expect(foreign.problemFields == ["statements"])
            #expect(foreign.text.contains("KSS-AD-3"))
            let early = try await client.call(.post, base, token: org.nqsw.token, body: evidenceBody(date: TestEnvironment.today.adding(months: -14)))
            #expect(early.status == 422)
            #expect(early.problemFields == ["practiceDate"])
            let none = try await client.call(.post, base, token: org.nqsw.token, body: evidenceBody(statements: []))
            #expect(none.problemFields == ["statements"])
            let badKind = try await client.call(.post, base, token: org.nqsw.token, body: evidenceBody(kind: "gossip"))
            #expect(badKind.problemFields == ["kind"])
        }
    }

    /// Only the current assessor judges; a critical reflection needs written feedback; AI suspicion only on reflections.
    @Test func judgement_refusals() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/evidence"
        try await withQuorum(services) { (client) async throws -> Void in
            // A critical reflection is the NQSW's own work: nobody else adds one, and a refusal writes nothing.
            for other in [org.assessor, org.lineManager, org.coordinator] {
                let byOther = try await client.call(.post, base, token: other.token, body: evidenceBody(kind: "critical_reflection"))
                #expect(byOther.status == 403 && byOther.text.contains("NQSW's own work"))
            }
            #expect(try await client.call(.get, base, token: org.nqsw.token).text == #"{"items":[]}"#)
            let reflection = try #require(try await client.call(.post, base, token: org.nqsw.token, body: evidenceBody(kind: "critical_reflection")).string("id"))
            let path = "\(base)/\(reflection)/judgements"
            #expect(try await client.call(.post, path, token: org.nqsw.token, body: #"{"level": "meets", "feedback": "x"}"#).status == 403)
            #expect(try await client.call(.post, path, token: org.otherAssessor.token, body: #"{"level": "meets", "feedback": "x"}"#).status == 404)
            let silent = try await client.call(.post, path, token: org.assessor.token, body: #"{"level": "meets", "feedback": "  "}"#)
            #expect(silent.problemFields == ["feedback"])
            let flagged = try await client.call(.post, path, token: org.assessor.token,
                                                body: #"{"level": "partly_meets", "feedback": "Reads unlike her other writing.", "aiUseSuspected": true}"#)
            #expect(flagged.status == 201)
            #expect(flagged["aiUseSuspected"] == .bool(true))
            let observation = try #require(try await client.call(.post, base, token: org.nqsw.token, body: evidenceBody()).string("id"))
            let wrongKind = try await client.call(.post, "\(base)/\(observation)/judgements", token: org.assessor.token,
                                                  body: #"{"level": "meets", "feedback": "ok", "aiUseSuspected": true}"#)
            #expect(wrongKind.problemFields == ["aiUseSuspected"])
        }
    }
}

/// The year's clock, the sufficiency check and the matrix through the HTTP API.
@Suite struct YearRouteTests {
    /// Absences move the reviews; a capability pause is refused; an NQSW cannot stop their own clock.
    @Test func schedule_absencesAndExtensions() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let before = try await client.call(.get, "\(base)/schedule", token: org.nqsw.token)
            #expect(before.status == 200)
            let finalBefore = try #require(before.string("finalReviewDue").flatMap(CalendarDay.init(iso:)))
            // Within the year's twelve months, so it moves the final review.
            let absence = #"{"kind": "sickness", "start": "\#(finalBefore.adding(days: -40))", "end": "\#(finalBefore.adding(days: -31))", "reason": "Flu"}"#
            #expect(try await client.call(.post, "\(base)/absences", token: org.nqsw.token, body: absence).status == 403)
            let recorded = try await client.call(.post, "\(base)/absences", token: org.lineManager.token, body: absence)
            #expect(recorded.status == 201)
            #expect(recorded.string("finalReviewDue") == finalBefore.adding(days: 10).description)
            let overlap = try await client.call(.post, "\(base)/absences", token: org.lineManager.token, body: absence)
            #expect(overlap.status == 422)
            let capability = try await client.call(.post, "\(base)/absences", token: org.coordinator.token,
                                                   body: #"{"kind": "capability", "start": "\#(today)", "end": "\#(today)", "reason": "Struggling"}"#)
            #expect(capability.status == 422)
            #expect(capability.text.contains("support and action plan"))
            let extended = try await client.call(.post, "\(base)/extensions", token: org.coordinator.token,
                                                 body: #"{"days": 14, "agreedOn": "\#(finalBefore.adding(days: -30))", "category": "learning_opportunities", "reason": "Caseload change"}"#)
            #expect(extended.string("finalReviewDue") == finalBefore.adding(days: 24).description)
            #expect(try await client.call(.post, "\(base)/extensions", token: org.lineManager.token,
                                          body: #"{"days": 14, "agreedOn": "\#(today)", "category": "part_time_working", "reason": "x"}"#).status == 403)
        }
    }

    /// The check returns the four criteria with reasons naming statements; as-of dates are validated.
    @Test func sufficiency_explainsEachCriterion() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            let response = try await client.call(.get, "\(base)/sufficiency", token: org.assessor.token)
            #expect(response.status == 200)
            guard case .array(let findings) = response["findings"] else { Issue.record("no findings"); return }
            let criteria = findings.compactMap { finding -> String? in
                if case .object(let object) = finding, case .string(let criterion) = object["criterion"] { return criterion }
                return nil
            }
            #expect(criteria == ["accurate", "valid", "sufficient", "robust"])
            #expect(response.text.contains("KSS-CF-7"), "an empty portfolio names every statement")
            #expect(response["policyVersion"] == .number(0))
            #expect(try await client.call(.get, "\(base)/sufficiency?asOf=2026-13-01", token: org.assessor.token).status == 422)
            #expect(try await client.call(.get, "\(base)/sufficiency", token: org.otherAssessor.token).status == 404)
        }
    }

    /// Findings are served from cache only while nothing they depend on changed: new evidence shows at once.
    @Test func sufficiency_reflectsChangesImmediately() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            let first = try await client.call(.get, "\(base)/sufficiency", token: org.assessor.token)
            #expect(first.text.contains("No evidence is recorded yet, so nothing has been checked."))
            #expect(try await client.call(.get, "\(base)/sufficiency", token: org.assessor.token).text == first.text)
            let id = try #require(try await client.call(.post, "\(base)/evidence", token: org.nqsw.token,
                body: #"{"kind": "direct_observation", "practiceDate": "\#(TestEnvironment.today)", "description": "Visit", "statements": ["KSS-CF-1"]}"#).string("id"))
            let second = try await client.call(.get, "\(base)/sufficiency", token: org.assessor.token)
            #expect(second.text.contains(#"Not verified against its source: \"Visit\" (18 March 2026)."#))
            _ = try await client.call(.post, "\(base)/evidence/\(id)/verification", token: org.assessor.token)
            let third = try await client.call(.get, "\(base)/sufficiency", token: org.assessor.token)
            #expect(!third.text.contains("Not verified against"), "every item verified, as the default policy asks")
            // Someone without need to know is refused before any cache is consulted.
            #expect(try await client.call(.get, "\(base)/sufficiency", token: org.otherAssessor.token).status == 404)
        }
    }

    /// The matrix has a row per statement and domain, as JSON and as CSV.
    @Test func matrix_jsonAndCSV() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            _ = try await client.call(.post, "\(base)/evidence", token: org.nqsw.token,
                                      body: #"{"kind": "written_report", "practiceDate": "\#(TestEnvironment.today)", "description": "Court report", "statements": ["KSS-CF-8"]}"#)
            let json = try await client.call(.get, "\(base)/evidence-matrix", token: org.coordinator.token)
            guard case .array(let rows) = json["rows"] else { Issue.record("no rows"); return }
            #expect(rows.count == 19)
            let csv = try await client.call(.get, "\(base)/evidence-matrix?format=csv", token: org.coordinator.token)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 1 + 19 * 4)
            #expect(lines.contains { $0.hasPrefix("kss,KSS-CF-8,8,\"The law and the family and youth justice systems\",") && $0.contains("months 9–12,1,0,0,0,1,0") })
            #expect(try await client.call(.get, "\(base)/evidence-matrix?format=xml", token: org.coordinator.token).status == 422)
        }
    }
}
