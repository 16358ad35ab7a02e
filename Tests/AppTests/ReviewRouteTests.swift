@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// Reviews through the HTTP API: draft, comments, three signatures, immutability, amendments.
@Suite struct ReviewRouteTests {
    func reviewBody(milestone: Int = 3, extra: String = "") -> String {
        #"{"milestone": \#(milestone), "heldOn": "\#(TestEnvironment.today.adding(days: -1))", "progress": "Settling well; good relationships with families.", "statements": ["KSS-CF-1", "PCF-1"], "agreedActions": "Joint visit in 4 weeks"\#(extra)}"#
    }

    func etag(_ response: APIResponse) -> HTTPFields { [.ifMatch: response.headers[.eTag] ?? ""] }

    /// The NQSW adds comments, all three sign, and the signed review cannot change; an amendment is a new version.
    @Test func review_signOffAndImmutability() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)/reviews"
        try await withQuorum(services) { (client) async throws -> Void in
            #expect(try await client.call(.post, base, token: org.nqsw.token, body: reviewBody()).status == 403)
            var review = try await client.call(.post, base, token: org.assessor.token, body: reviewBody())
            #expect(review.status == 201)
            #expect(review.string("status") == "draft")
            let id = try #require(review.string("id"))
            let path = "\(base)/\(id)"
            let staffByNQSW = try await client.call(.patch, path, token: org.nqsw.token, headers: etag(review), body: #"{"progress": "All great"}"#)
            #expect(staffByNQSW.status == 403)
            review = try await client.call(.patch, path, token: org.nqsw.token, headers: etag(review), body: #"{"nqswComments": "I agree with the actions."}"#)
            #expect(review.status == 200)
            #expect(review.string("nqswComments") == "I agree with the actions.")
            let stale = try await client.call(.post, "\(path)/signatures", token: org.assessor.token, headers: [.ifMatch: "\"v1\""])
            #expect(stale.status == 412)
            review = try await client.call(.post, "\(path)/signatures", token: org.assessor.token, headers: etag(review))
            #expect(review.string("status") == "signing")
            let locked = try await client.call(.patch, path, token: org.lineManager.token, headers: etag(review), body: #"{"lineManagerComments": "late edit"}"#)
            #expect(locked.status == 409)
            let twice = try await client.call(.post, "\(path)/signatures", token: org.assessor.token, headers: etag(review))
            #expect(twice.status == 409)
            review = try await client.call(.post, "\(path)/signatures", token: org.nqsw.token, headers: etag(review))
            review = try await client.call(.post, "\(path)/signatures", token: org.lineManager.token, headers: etag(review))
            #expect(review.string("status") == "signed")
            #expect(try await client.call(.post, "\(path)/signatures", token: org.otherAssessor.token, headers: etag(review)).status == 404)
            // A second original for the same milestone is refused; an amendment needs a reason.
            #expect(try await client.call(.post, base, token: org.assessor.token, body: reviewBody()).status == 409)
            let noReason = try await client.call(.post, base, token: org.assessor.token, body: reviewBody(extra: #", "amendsReviewId": "\#(id)""#))
            #expect(noReason.problemFields == ["amendmentReason"])
            let amended = try await client.call(.post, base, token: org.assessor.token,
                                                body: reviewBody(extra: #", "amendsReviewId": "\#(id)", "amendmentReason": "Date of the joint visit corrected""#))
            #expect(amended.status == 201)
            #expect(amended.string("amendsReviewId") == id)
            let list = try await client.call(.get, base, token: org.lineManager.token)
            guard case .array(let items) = list["items"] else { Issue.record("no items"); return }
            #expect(items.count == 2)
        }
    }

    /// After a change of assessor, the next review cannot be signed until it records the circumstances.
    @Test func review_afterAssessorChange_needsCircumstances() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let enrolment = "/v1/enrolments/\(org.enrolmentID)"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let changed = try await client.call(.post, "\(enrolment)/assessor-changes", token: org.coordinator.token, headers: [.ifMatch: "\"v1\""],
                body: #"{"assessorId": "\#(org.otherAssessor.id)", "changedOn": "\#(today.adding(days: -3))", "circumstances": "Long-term sickness", "noHandoverCategory": "outgoing_long_term_absence", "noHandoverReason": "Outgoing assessor unavailable"}"#)
            #expect(changed.status == 201)
            // Circumstances that do not account for the change are refused, naming it.
            let vague = try await client.call(.post, "\(enrolment)/reviews", token: org.otherAssessor.token,
                                              body: reviewBody(extra: #", "assessorChangeCircumstances": "A new assessor joined.""#))
            #expect(vague.status == 422 && vague.problemFields == ["assessorChangeCircumstances"] && vague.text.contains(today.adding(days: -3).spoken))
            // Left blank, they start from the change as recorded.
            var review = try await client.call(.post, "\(enrolment)/reviews", token: org.otherAssessor.token, body: reviewBody())
            #expect(review.string("assessorChangeCircumstances")?.contains("no handover (outgoing long term absence)") == true)
            let path = "\(enrolment)/reviews/\(try #require(review.string("id")))"
            let emptied = try await client.call(.patch, path, token: org.otherAssessor.token, headers: etag(review), body: #"{"assessorChangeCircumstances": "Settled in."}"#)
            #expect(emptied.status == 200)
            let refused = try await client.call(.post, "\(path)/signatures", token: org.otherAssessor.token, headers: etag(emptied))
            #expect(refused.status == 422)
            #expect(refused.problemFields == ["assessorChangeCircumstances"])
            review = try await client.call(.patch, path, token: org.otherAssessor.token, headers: etag(emptied),
                                           body: #"{"assessorChangeCircumstances": "New assessor from \#(today.adding(days: -3)) after the previous assessor's sickness; no handover possible, file review done."}"#)
            #expect(try await client.call(.post, "\(path)/signatures", token: org.otherAssessor.token, headers: etag(review)).status == 200)
            // The outgoing assessor cannot sign or see the review.
            #expect(try await client.call(.get, "\(enrolment)/reviews", token: org.assessor.token).status == 404)
        }
    }
}

/// Signatures carry their own day: a paper signature entered later keeps the day it was given.
@Suite struct SignatureDateRouteTests {
    @Test func signatures_takeTheirOwnDay() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let year = "/v1/enrolments/\(org.enrolmentID)"
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let held = today.adding(days: -10)
            let review = try await client.call(.post, "\(year)/reviews", token: org.assessor.token,
                                               body: #"{"milestone": 3, "heldOn": "\#(held)", "progress": "Settling well"}"#)
            let path = "\(year)/reviews/\(try #require(review.string("id")))/signatures"
            let tag: HTTPFields = [.ifMatch: review.headers[.eTag] ?? ""]
            let beforeHeld = try await client.call(.post, path, token: org.assessor.token, headers: tag, body: #"{"signedOn": "\#(held.adding(days: -1))"}"#)
            #expect(beforeHeld.status == 422 && beforeHeld.problemFields == ["signedOn"])
            let signed = try await client.call(.post, path, token: org.assessor.token, headers: tag, body: #"{"signedOn": "\#(held.adding(days: 2))"}"#)
            #expect(signed.status == 200)
            guard case .object(let signatures)? = signed["signatures"] else { Issue.record("no signatures: \(signed.text)"); return }
            #expect(signatures["assessor"] == .string(held.adding(days: 2).description))
            let session = try await client.call(.post, "\(year)/supervision", token: org.lineManager.token, body: """
                {"scheduledFor": "\(held)", "held": true, "durationMinutes": 60, "topics": "Caseload"}
                """)
            let countersigned = try await client.call(.post, "\(year)/supervision/\(try #require(session.string("id")))/signatures", token: org.nqsw.token,
                                                      headers: [.ifMatch: session.headers[.eTag] ?? ""], body: #"{"signedOn": "\#(held.adding(days: 1))"}"#)
            #expect(countersigned.string("nqswSignedOn") == held.adding(days: 1).description)
        }
    }
}

/// The year's rules over HTTP: a refusal is a 409 problem naming the rule, the record and the deciding date.
@Suite struct YearRuleRouteTests {
    /// Every rule the domain can break is one the contract lists, and no more.
    @Test func everyRule_isInTheContract() {
        let schemas = (OpenAPIContract.shared.document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let problem = (schemas?["Problem"] as? [String: Any])?["properties"] as? [String: Any]
        let documented = ((problem?["rule"] as? [String: Any])?["enum"] as? [String]) ?? []
        #expect(Set(documented) == Set(RuleBreach.Rule.allCases.map(\.rawValue)))
    }

    @Test func earlyFinalReview_isA409NamingTheRuleAndDate() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let base = "/v1/enrolments/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            let schedule = try await client.call(.get, "\(base)/schedule", token: org.assessor.token)
            let finalDue = try #require(schedule.string("finalReviewDue").flatMap(CalendarDay.init(iso:)))
            let early = try await client.call(.post, "\(base)/reviews", token: org.assessor.token,
                                              body: #"{"milestone": 12, "heldOn": "\#(finalDue.adding(days: -1))", "progress": "Final review"}"#)
            #expect(early.status == 409)
            #expect(early.headers[.contentType] == "application/problem+json")
            #expect(early.problemKind == "review-not-before-due")
            #expect(early["rule"] == .string("review-not-before-due"))
            #expect(early["record"] == .string("the final (12-month) review"))
            #expect(early["date"] == .string(finalDue.description))
            #expect(try await client.call(.get, "\(base)/reviews", token: org.assessor.token)["items"] == .array([]))
            func extend(_ days: Int) async throws -> APIResponse {
                try await client.call(.post, "\(base)/extensions", token: org.coordinator.token,
                                      body: #"{"days": \#(days), "agreedOn": "\#(finalDue.adding(days: -30))", "category": "part_time_working", "reason": "Hours cut"}"#)
            }
            #expect(try await extend(300).status == 201)
            let capped = try await extend(100)
            #expect(capped.status == 409)
            #expect(capped["rule"] == .string("year-cap"))
            #expect(capped["date"] == schedule["limit"])
        }
    }
}
