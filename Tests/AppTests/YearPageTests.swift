@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import PQ
import Testing
import Workflows

/// The pages for the work of the year: judging and verifying evidence,
/// recording, commenting on and signing reviews, countersigning supervision,
/// declaring a conflict at a panel and closing it; and signing in through the
/// employer's identity provider.
@Suite struct YearPageTests {
    /// The value of a hidden input on a page.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let marker = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[marker.upperBound...].prefix { $0 != "\"" })
    }

    @Test func evidence_assessorJudgesAndVerifies_othersSeeButCannot() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let added = try await client.call(.post, "/v1/enrolments/\(org.enrolmentID)/evidence", token: org.nqsw.token, body: """
                {"kind": "critical_reflection", "practiceDate": "\(today)", "description": "Reflection on a strategy meeting", "statements": ["KSS-CF-1"]}
                """)
            let item = "/nqsws/\(org.enrolmentID)/evidence/\(try #require(added.string("id")))"
            let assessor = try await client.signIn(org.assessor.token)
            let portfolio = try await client.page("/nqsws/\(org.enrolmentID)", cookie: assessor)
            #expect(portfolio.html.contains(#"<a href="\#(item)">Critical reflection</a>"#), "the portfolio lists the evidence")
            #expect(portfolio.html.contains("Record a review"))
            let page = try await client.page(item, cookie: assessor)
            #expect(page.status == 200 && page.heading == "Critical reflection")
            #expect(page.html.contains("Reflection on a strategy meeting") && page.html.contains("Not judged yet."))
            #expect(page.html.contains("I suspect generative AI wrote this reflection"), "the AI flag is offered for reflections")
            let csrf = try #require(page.csrf)

            let missing = try await client.page(.post, "\(item)/judgement", cookie: assessor, form: [("csrf", csrf), ("feedback", "Thoughtful")])
            #expect(missing.status == 422 && missing.html.contains(##"<a href="#level">Choose the level the evidence meets</a>"##),
                    "the summary says what to do, in the form's words")
            #expect(missing.html.contains(">Thoughtful</textarea>"), "the feedback is kept")
            let judged = try await client.page(.post, "\(item)/judgement", cookie: assessor,
                                               form: [("csrf", csrf), ("level", "meets"), ("feedback", "Analysis links theory to the decision.")])
            #expect(judged.status == 303 && judged.location == "\(item)?done=judgement-recorded")
            let verified = try await client.page(.post, "\(item)/verification", cookie: assessor, form: [("csrf", csrf)])
            #expect(verified.status == 303)
            let after = try await client.page(verified.location ?? item, cookie: assessor)
            #expect(after.html.contains("The evidence is verified.") && after.html.contains("Verified by Assessor"))
            #expect(after.html.contains("Analysis links theory to the decision.") && !after.html.contains("Verify this evidence"))
            let again = try await client.page(.post, "\(item)/verification", cookie: assessor, form: [("csrf", csrf)])
            #expect(again.status == 409 && again.html.contains("error-summary"), "verifying twice says why on the page")

            let nqsw = try await client.signIn(org.nqsw.token)
            let own = try await client.page(item, cookie: nqsw)
            #expect(own.status == 200 && !own.html.contains("Record a judgement"))
            let refused = try await client.page(.post, "\(item)/judgement", cookie: nqsw,
                                                form: [("csrf", try #require(own.csrf)), ("level", "meets"), ("feedback", "Mine")])
            #expect(refused.status == 403)
            let other = try await client.signIn(org.otherAssessor.token)
            #expect(try await client.page(item, cookie: other).status == 404)
        }
    }

    /// The line manager records a session from the portfolio page with GOV.UK
    /// date boxes; a date that is not a real one is sent back in the boxes'
    /// own words, with what was typed kept; the session and its agreed action
    /// then show on the page, and a plan shows its support actions.
    @Test func supervision_recordedFromThePortfolio_withDateBoxes() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let today = TestEnvironment.today
        let (year, month, day) = today.adding(days: -2).components
        try await withQuorum(services) { (client) async throws -> Void in
            let manager = try await client.signIn(org.lineManager.token)
            let portfolio = "/nqsws/\(org.enrolmentID)"
            let page = try await client.page(portfolio, cookie: manager)
            #expect(page.html.contains("Record a supervision session") && page.html.contains(#"id="scheduledFor-day""#))
            let csrf = try #require(page.csrf)
            let session: [(String, String)] = [("csrf", csrf), ("startsAt", "14:30"), ("kind", "individual"), ("held", "yes"), ("durationMinutes", "60"),
                                               ("topics", "Two child protection cases"), ("actions-0-description", "Read the neglect toolkit"),
                                               ("actions-0-ownerId", org.nqsw.id.description), ("actions-0-dueOn-day", "\(day)"),
                                               ("actions-0-dueOn-month", "\(month)"), ("actions-0-dueOn-year", "\(year + 1)")]
            let unreal = try await client.page(.post, "\(portfolio)/supervision", cookie: manager,
                                               form: session + [("scheduledFor-day", "31"), ("scheduledFor-month", "2"), ("scheduledFor-year", "\(year)")])
            #expect(unreal.status == 422 && unreal.html.contains(##"href="#scheduledFor-day""##) && unreal.html.contains("Enter a real date"))
            #expect(unreal.html.contains(#"id="scheduledFor-day" name="scheduledFor-day" type="text" inputmode="numeric" value="31""#), "what was typed is kept")
            let recorded = try await client.page(.post, "\(portfolio)/supervision", cookie: manager,
                                                 form: session + [("scheduledFor-day", "\(day)"), ("scheduledFor-month", "\(month)"), ("scheduledFor-year", "\(year)")])
            #expect(recorded.status == 303)
            let after = try await client.page(portfolio, cookie: manager)
            #expect(after.html.contains(today.adding(days: -2).spoken) && after.html.contains("Two child protection cases") && after.html.contains("14:30"))
            let api = try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/supervision", token: org.lineManager.token)
            #expect(api.text.contains("Read the neglect toolkit") && api.text.contains(#""kind":"individual""#))
            let plan = try await client.call(.post, "/v1/enrolments/\(org.enrolmentID)/plans", token: org.assessor.token,
                                             body: PlanRouteTests().draftBody(today, owner: org.lineManager.id))
            #expect(plan.status == 201)
            let withPlan = try await client.page(portfolio, cookie: manager)
            #expect(withPlan.html.contains("Support: who does what, by when") && withPlan.html.contains("Shadow a senior on two assessments"))
            let nqsw = try await client.signIn(org.nqsw.token)
            let mine = try await client.page("/my-year", cookie: nqsw)
            #expect(mine.html.contains("Who does what to support you") && mine.html.contains("Shadow a senior on two assessments"))
        }
    }

    @Test func review_recordedCommentedAndSignedByAllThree() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let assessor = try await client.signIn(org.assessor.token)
            let form = try await client.page("/nqsws/\(org.enrolmentID)/reviews/new", cookie: assessor)
            #expect(form.status == 200 && form.html.contains(#"name="assessorComments""#))
            let csrf = try #require(form.csrf)
            let incomplete = try await client.page(.post, "/nqsws/\(org.enrolmentID)/reviews", cookie: assessor,
                                                   form: [("csrf", csrf), ("milestone", "3"), ("heldOn", "\(today)"), ("progress", ""), ("agreedActions", "Two observations")])
            #expect(incomplete.status == 422 && incomplete.html.contains(##"href="#progress""##))
            #expect(incomplete.html.contains(">Two observations</textarea>") && incomplete.html.contains(#"value="3" checked"#), "values kept")
            let early = try await client.page(.post, "/nqsws/\(org.enrolmentID)/reviews", cookie: assessor,
                                              form: [("csrf", csrf), ("milestone", "12"), ("heldOn", "\(today.adding(months: -2))"), ("progress", "Early")])
            #expect(early.status == 409 && early.html.contains("falls due on") && early.html.contains("it cannot be recorded as held on"),
                    "the page says when the final review falls due")
            let recorded = try await client.page(.post, "/nqsws/\(org.enrolmentID)/reviews", cookie: assessor,
                                                 form: [("csrf", csrf), ("milestone", "3"), ("heldOn", "\(today)"), ("progress", "Steady progress"),
                                                        ("agreedActions", "Two observations"), ("assessorComments", "A good start")])
            #expect(recorded.status == 303)
            let path = try #require(recorded.location?.split(separator: "?").first.map(String.init))

            let nqsw = try await client.signIn(org.nqsw.token)
            let year = try await client.page("/my-year", cookie: nqsw)
            #expect(year.html.contains(#"<a href="\#(path)">3-month review"#), "the NQSW's year links the review")
            var review = try await client.page(path, cookie: nqsw)
            #expect(review.status == 200 && review.html.contains("A good start") && review.html.contains(#"name="nqswComments""#))
            let version = try #require(Self.hidden("version", in: review.html))
            let commented = try await client.page(.post, "\(path)/comments", cookie: nqsw,
                                                  form: [("csrf", try #require(review.csrf)), ("version", version), ("nqswComments", "I agree with the actions.")])
            #expect(commented.status == 303)
            let stale = try await client.page(.post, "\(path)/signature", cookie: nqsw, form: [("csrf", try #require(review.csrf)), ("version", version)])
            #expect(stale.status == 412 && stale.html.contains("Someone else changed this"), "signing what you did not read is refused")
            review = try await client.page(path, cookie: nqsw)
            #expect(review.html.contains("I agree with the actions."))
            let signed = try await client.page(.post, "\(path)/signature", cookie: nqsw,
                                               form: [("csrf", try #require(review.csrf)), ("version", try #require(Self.hidden("version", in: review.html)))])
            #expect(signed.status == 303)
            review = try await client.page(path, cookie: nqsw)
            #expect(review.html.contains("Signed on \(today)") && !review.html.contains("Sign the review</button>"))
            #expect(!review.html.contains(#"name="nqswComments""#), "a review being signed is no longer edited")

            for member in [org.assessor, org.lineManager] {
                let cookie = try await client.signIn(member.token)
                let page = try await client.page(path, cookie: cookie)
                #expect(page.html.contains("Sign the review</button>"))
                let done = try await client.page(.post, "\(path)/signature", cookie: cookie,
                                                 form: [("csrf", try #require(page.csrf)), ("version", try #require(Self.hidden("version", in: page.html)))])
                #expect(done.status == 303)
            }
            let final = try await client.page(path, cookie: assessor)
            #expect(final.html.contains(">signed</strong>"), "all three signed: the review is signed")
            let other = try await client.signIn(org.otherAssessor.token)
            #expect(try await client.page(path, cookie: other).status == 404)
            #expect(try await client.page("/nqsws/\(org.enrolmentID)/reviews/new", cookie: nqsw).status == 403, "the NQSW does not record reviews")
        }
    }

    @Test func supervision_nqswCountersigns() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let session = try await client.call(.post, "/v1/enrolments/\(org.enrolmentID)/supervision", token: org.lineManager.token,
                                                body: #"{"scheduledFor": "\#(today.adding(days: -1))", "held": true, "durationMinutes": 60, "topics": "Caseload and a hard visit"}"#)
            let id = try #require(session.string("id"))
            let nqsw = try await client.signIn(org.nqsw.token)
            let year = try await client.page("/my-year", cookie: nqsw)
            #expect(year.html.contains(#"action="/my-year/supervision/\#(id)""#))
            let signed = try await client.page(.post, "/my-year/supervision/\(id)", cookie: nqsw, form: [("csrf", try #require(year.csrf)), ("version", "1")])
            #expect(signed.status == 303 && signed.location == "/my-year?done=supervision-signed")
            let after = try await client.page("/my-year", cookie: nqsw)
            #expect(after.html.contains("<td>\(today)") && !after.html.contains(#"action="/my-year/supervision/\#(id)""#))
            let twice = try await client.page(.post, "/my-year/supervision/\(id)", cookie: nqsw, form: [("csrf", try #require(year.csrf)), ("version", "2")])
            #expect(twice.status == 409)
        }
    }

    @Test func panel_memberDeclaresConflict_chairClosesTheSession() async throws {
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let extra = try await PanelRouteTests.extra(org, services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            try await PanelRouteTests.recommend(client, org.enrolmentID, org)
            let members = [extra.members[0].id, extra.members[1].id, extra.members[2].id]
            let panel = try await PanelRouteTests.panel(client, org, chair: org.panelMember.id, members: members)
            let panelID = try #require(panel.string("id"))
            let listed = try await client.call(.post, "/v1/panels/\(panelID)/cases", token: org.coordinator.token,
                                               body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#)
            let casePath = "/panels/\(panelID)/cases/\(try #require(listed.string("id")))"
            let member = try await client.signIn(extra.members[2].token)
            let pack = try await client.page(casePath, cookie: member)
            #expect(pack.status == 200 && pack.html.contains("Declare a conflict of interest"))
            let csrf = try #require(pack.csrf)
            let empty = try await client.page(.post, "\(casePath)/conflict", cookie: member, form: [("csrf", csrf), ("reason", "")])
            #expect(empty.status == 422 && empty.html.contains(##"href="#reason""##))
            let declared = try await client.page(.post, "\(casePath)/conflict", cookie: member, form: [("csrf", csrf), ("reason", "I supervised her placement")])
            #expect(declared.status == 303 && declared.location == "/panels/\(panelID)?done=conflict-declared")
            #expect(try await client.page(casePath, cookie: member).status == 403, "a conflicted member no longer reads the pack")

            let chair = try await client.signIn(org.panelMember.token)
            var page = try await client.page("/panels/\(panelID)", cookie: chair)
            let early = try await client.page(.post, "/panels/\(panelID)/open", cookie: chair,
                                              form: [("csrf", try #require(page.csrf)), ("version", try #require(Self.hidden("version", in: page.html)))])
            #expect(early.status == 409 && early.html.contains("it opens on that day"), "the page says when the panel sits")
            day.move(to: TestEnvironment.today.adding(days: 14)) // the day the panel sits
            page = try await client.page("/panels/\(panelID)", cookie: chair)
            let opened = try await client.page(.post, "/panels/\(panelID)/open", cookie: chair,
                                               form: [("csrf", try #require(page.csrf)), ("version", try #require(Self.hidden("version", in: page.html)))])
            #expect(opened.status == 303)
            page = try await client.page("/panels/\(panelID)", cookie: chair)
            #expect(page.html.contains("Close the session") && page.html.contains("Record who is present"))
            let nobody = try await client.page(.post, "/panels/\(panelID)/attendance", cookie: chair, form: [("csrf", try #require(page.csrf))])
            #expect(nobody.status == 422 && nobody.html.contains("Tick the members who are present"))
            let attended = try await client.page(.post, "/panels/\(panelID)/attendance", cookie: chair,
                                                 form: [("csrf", try #require(page.csrf)), ("presentIds", org.panelMember.id.description),
                                                        ("presentIds", extra.members[0].id.description)])
            #expect(attended.status == 303)
            page = try await client.page("/panels/\(panelID)", cookie: chair)
            #expect(page.html.contains(": absent") && page.html.contains(": present"))
            #expect(page.html.contains("I supervised her placement (declared)"), "conflicts are shown on the agenda with their reasons")
            let closed = try await client.page(.post, "/panels/\(panelID)/close", cookie: chair,
                                               form: [("csrf", try #require(page.csrf)), ("version", try #require(Self.hidden("version", in: page.html)))])
            #expect(closed.status == 303 && closed.location == "/panels/\(panelID)?done=panel-closed")
            page = try await client.page(closed.location ?? "", cookie: chair)
            #expect(page.html.contains("The panel session is closed.") && !page.html.contains("Close the session"))
        }
    }

    @Test func organisationSignIn_bindsTheTokenToTheBrowserThatStarted() async throws {
        let idp = try await TestIdentityProvider.make()
        let shared = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: shared)
        let provider = try await idp.provider(organisations: [org.id], authorizationEndpoint: "https://idp.employer.test/authorize",
                                              publicURL: "https://quorum.employer.test")
        let services = QuorumServices(runner: shared.runner, identityProvider: provider)
        let email = try await TestIdentityProvider.email(of: org.coordinator.id, in: org.id, services: services)
        @Sendable func idToken(nonce: String?) async throws -> String {
            try await idp.token(email: email, nonce: nonce)
        }
        try await withQuorum(services) { (client) async throws -> Void in
            #expect(try await client.page("/sign-in").html.contains(#"href="/sign-in/oidc""#))
            let start = try await client.page("/sign-in/oidc")
            #expect(start.status == 303)
            let location = try #require(start.location.flatMap(URLComponents.init(string:)))
            #expect(location.host == "idp.employer.test" && location.path == "/authorize")
            let query = Dictionary(uniqueKeysWithValues: (location.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(query["response_mode"] == "form_post" && query["client_id"] == "quorum")
            #expect(query["redirect_uri"] == "https://quorum.employer.test/sign-in/oidc")
            let (state, nonce) = (try #require(query["state"]), try #require(query["nonce"]))
            let setCookie = try #require(start.headers[values: .setCookie].first)
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("Secure") && setCookie.contains("SameSite=None"))
            let cookie = String(setCookie.prefix { $0 != ";" })

            let noCookie = try await client.page(.post, "/sign-in/oidc", form: [("id_token", try await idToken(nonce: nonce)), ("state", state)])
            #expect(noCookie.status == 403 && noCookie.sessionCookie == nil, "a token posted into a browser that did not start the sign-in")
            let wrongState = try await client.page(.post, "/sign-in/oidc", cookie: cookie, form: [("id_token", try await idToken(nonce: nonce)), ("state", "x")])
            #expect(wrongState.status == 403 && wrongState.sessionCookie == nil)
            let otherSignIn = try await client.page(.post, "/sign-in/oidc", cookie: cookie, form: [("id_token", try await idToken(nonce: "another")), ("state", state)])
            #expect(otherSignIn.status == 401 && otherSignIn.html.contains("not issued for this sign-in"))
            let forged = try await client.page(.post, "/sign-in/oidc", cookie: cookie, form: [("id_token", "a.b.c"), ("state", state)])
            #expect(forged.status == 401 && forged.sessionCookie == nil)

            let signedIn = try await client.page(.post, "/sign-in/oidc", cookie: cookie, form: [("id_token", try await idToken(nonce: nonce)), ("state", state)])
            #expect(signedIn.status == 200 && signedIn.html.contains(#"http-equiv="refresh" content="0;url=/""#))
            let session = try #require(signedIn.sessionCookie)
            #expect(signedIn.headers[values: .setCookie].contains { $0.hasPrefix("quorum_oidc=;") }, "the sign-in cookie is spent")
            let home = try await client.page("/", cookie: session)
            #expect(home.status == 303 && home.location == "/coordinator")
            #expect(try await client.page("/coordinator", cookie: session).status == 200)
        }
        let plain = try await TestEnvironment.services()
        try await withQuorum(plain) { (client) async throws -> Void in
            #expect(try await client.page("/sign-in/oidc").status == 404, "without an identity provider there is no such sign-in")
            #expect(!(try await client.page("/sign-in").html.contains("/sign-in/oidc")))
        }
    }
}
