@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// The assessor's final recommendation as pages: the form with a box for each
/// unmet finding, "check your answers", the way back with the answers kept,
/// the API's refusals shown on the form; and the coordinator's change of assessor.
@Suite struct RecommendationPageTests {
    @Test func recommendation_formCheckAnswersAndSubmit() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let today = TestEnvironment.today
        let path = "/nqsws/\(org.enrolmentID)/recommendation"
        try await withQuorum(services) { (client) async throws -> Void in
            let assessor = try await client.signIn(org.assessor.token)
            let form = try await client.page(path, cookie: assessor)
            #expect(form.status == 200 && form.heading?.hasPrefix("Recommend an outcome for") == true)
            let boxes = ["accurate", "valid", "sufficient", "robust"].filter { form.html.contains(#"name="justifications-\#($0)""#) }
            #expect(!boxes.isEmpty, "an empty portfolio leaves findings unmet, each with a box for its justification")
            let csrf = try #require(form.csrf)
            var answers = [("csrf", csrf), ("outcome", "PASS"), ("rationale", "Met the standard across the year.")]

            let check = try await client.page(.post, path, cookie: assessor, form: answers)
            #expect(check.status == 200 && check.heading?.hasPrefix("Check your recommendation") == true)
            #expect(check.html.contains("Met the standard across the year.") && check.html.contains("PASS"))
            let noFinalReview = try await client.page(.post, "\(path)/confirm", cookie: assessor, form: answers)
            #expect(noFinalReview.status == 409 && noFinalReview.html.contains("error-summary"), "the API's refusal, on the form")
            #expect(noFinalReview.html.contains(">Met the standard across the year.</textarea>"), "the answers are kept")

            _ = try await client.call(.post, "/v1/enrolments/\(org.enrolmentID)/reviews", token: org.assessor.token,
                                      body: #"{"milestone": 12, "heldOn": "\#(today)", "progress": "Final review"}"#)
            let unjustified = try await client.page(.post, "\(path)/confirm", cookie: assessor, form: answers)
            #expect(unjustified.status == 422)
            for criterion in boxes { #expect(unjustified.html.contains(##"href="#justifications-\##(criterion)""##), "\(criterion) is named") }
            let back = try await client.page(.post, "\(path)/edit", cookie: assessor, form: answers + [("justifications-\(boxes[0])", "Seen in person")])
            #expect(back.status == 200 && back.html.contains(">Seen in person</textarea>") && back.html.contains(#"value="PASS" checked"#))

            answers += boxes.map { ("justifications-\($0)", "Discussed with the NQSW; the \($0) evidence is in supervision notes.") }
            let lineManager = try await client.signIn(org.lineManager.token)
            let byManager = try await client.page(.post, "\(path)/confirm", cookie: lineManager, form: [("csrf", try await client.csrf(lineManager))] + answers.dropFirst())
            #expect(byManager.status == 403, "only the assessor submits")
            let submitted = try await client.page(.post, "\(path)/confirm", cookie: assessor, form: answers)
            #expect(submitted.status == 303 && submitted.location == "\(path)?done=recommendation-submitted")
            let view = try await client.page(submitted.location ?? path, cookie: assessor)
            #expect(view.html.contains("Your recommendation is submitted.") && view.html.contains("PASS (submitted \(today))"))
            #expect(view.html.contains("the \(boxes[0]) evidence is in supervision notes"))
            let other = try await client.signIn(org.otherAssessor.token)
            #expect(try await client.page(path, cookie: other).status == 404)
        }
    }

    @Test func changeOfAssessor_fromThePortfolio() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let today = TestEnvironment.today
        let portfolio = "/nqsws/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            let coordinator = try await client.signIn(org.coordinator.token)
            let page = try await client.page(portfolio, cookie: coordinator)
            #expect(page.html.contains("Change the assessor") && page.html.contains(#"<option value="\#(org.otherAssessor.id)">"#))
            let csrf = try #require(page.csrf)
            let version = try #require(YearPageTests.hidden("version", in: page.html))
            let missing = try await client.page(.post, "\(portfolio)/assessor", cookie: coordinator,
                                                form: [("csrf", csrf), ("version", version), ("assessorId", org.otherAssessor.id.description),
                                                       ("changedOn", "\(today)"), ("circumstances", ""), ("handoverNote", "Going well"),
                                                       ("handoverAttendeeIds", org.assessor.id.description)])
            #expect(missing.status == 422 && missing.html.contains(##"<a href="#circumstances">"##))
            #expect(missing.html.contains(">Going well</textarea>") && missing.html.contains(#"value="\#(org.otherAssessor.id)" selected"#))
            #expect(missing.html.contains(#"value="\#(org.assessor.id)" checked"#), "ticked attendees kept")
            let stale = try await client.page(.post, "\(portfolio)/assessor", cookie: coordinator,
                                              form: [("csrf", csrf), ("version", "7"), ("assessorId", org.otherAssessor.id.description),
                                                     ("changedOn", "\(today)"), ("circumstances", "Moved team"), ("handoverNote", "Going well")])
            #expect(stale.status == 412 && stale.html.contains("Someone else changed this"))
            let changed = try await client.page(.post, "\(portfolio)/assessor", cookie: coordinator,
                                                form: [("csrf", csrf), ("version", version), ("assessorId", org.otherAssessor.id.description),
                                                       ("changedOn", "\(today)"), ("circumstances", "Moved team"), ("handoverOn", "\(today.adding(days: -1))"),
                                                       ("handoverAttendeeIds", org.assessor.id.description), ("handoverAttendeeIds", org.otherAssessor.id.description),
                                                       ("handoverAttendeeIds", org.coordinator.id.description),
                                                       ("continuingSupport", "Joint supervision for a month"), ("handoverNote", "Going well")])
            #expect(changed.status == 303 && changed.location == "\(portfolio)?done=assessor-changed")
            let after = try await client.page(changed.location ?? portfolio, cookie: coordinator)
            #expect(after.html.contains("The assessor is changed.") && after.html.contains("Other-Assessor"))
            let outgoing = try await client.signIn(org.assessor.token)
            #expect(try await client.page(portfolio, cookie: outgoing).status == 404, "the outgoing assessor no longer sees the year")
        }
    }
}

/// The check on the pages: findings with remedies, counts and coverage, keeping a check and reading it back,
/// and the recommendation form's justification boxes naming each finding's subject.
@Suite struct SufficiencyPageTests {
    @Test func portfolio_showsCounts_andKeepsAndReadsAChecks() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let portfolio = "/nqsws/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            _ = try await client.call(.post, "/v1/enrolments/\(org.enrolmentID)/evidence", token: org.nqsw.token,
                body: #"{"kind": "person_feedback", "practiceDate": "\#(TestEnvironment.today)", "description": "Feedback from Mrs K", "statements": ["KSS-CF-2"]}"#)
            let assessor = try await client.signIn(org.assessor.token)
            let page = try await client.page(portfolio, cookie: assessor)
            #expect(page.html.contains("What the check counted") && page.html.contains("1 items, 0 verified against their source"))
            #expect(page.html.contains(#"Not verified against its source: &quot;Feedback from Mrs K&quot; (18 March 2026)."#))
            #expect(page.html.contains("Verify it with its source"), "each reason says what would put it right")
            #expect(page.html.contains("No check has been kept yet"))
            let kept = try await client.page(.post, "\(portfolio)/sufficiency/runs", cookie: assessor,
                                             form: [("csrf", try #require(page.csrf)), ("note", "Before the 3-month review")])
            #expect(kept.status == 303 && kept.location == "\(portfolio)?done=check-kept")
            let after = try await client.page(portfolio, cookie: assessor)
            let runPath = try #require(after.html.range(of: #"/nqsws/[^"]+/sufficiency/runs/[0-9a-f-]{36}"#, options: .regularExpression).map { String(after.html[$0]) })
            let run = try await client.page(runPath, cookie: assessor)
            #expect(run.status == 200 && run.heading == "Sufficiency check kept on \(TestEnvironment.today)")
            #expect(run.html.contains("Kept: Before the 3-month review") && run.html.contains("What the check counted"))
            let nqsw = try await client.signIn(org.nqsw.token)
            let refused = try await client.page(.post, "\(portfolio)/sufficiency/runs", cookie: nqsw, form: [("csrf", try await client.csrf(nqsw))])
            #expect(refused.status == 403)
        }
    }

    @Test func recommendationForm_namesEachFindingsSubject_andAFailWithoutConcerns() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let path = "/nqsws/\(org.enrolmentID)/recommendation"
        try await withQuorum(services) { (client) async throws -> Void in
            let assessor = try await client.signIn(org.assessor.token)
            let form = try await client.page(path, cookie: assessor)
            #expect(form.html.contains("<li>KSS 1 Relationships and effective direct work: no evidence is mapped to it.</li>"))
            #expect(form.html.contains("<li>Direct observation of practice: 0 of 3 pieces of direct observation of practice.</li>"))
            let csrf = try #require(form.csrf)
            let failing = try await client.page(.post, "\(path)/edit", cookie: assessor,
                                                form: [("csrf", csrf), ("outcome", "FAIL"), ("rationale", "Does not meet KSS 6.")])
            #expect(failing.html.contains("The FAIL recommendation: The recommendation is FAIL, but no concern was raised"))
        }
    }
}
