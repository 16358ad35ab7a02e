@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// The pages through the real router: sign-in and sessions, each role's start
/// page, every page's key content, the refusals, and forms that come back with
/// their errors and values.
@Suite struct PageTests {
    @Test func session_cookieIsHardened_formsNeedTheirToken_signingOutEndsIt() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            let form = try await client.page("/sign-in")
            #expect(form.status == 200 && form.html.contains(#"<label class="label" for="token">"#))
            #expect(form.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            let malformed = try await client.page(.post, "/sign-in", form: [("token", "not a token")])
            #expect(malformed.status == 422 && malformed.html.contains(##"href="#token""##), "the error summary links to the field")
            let unknown = try await client.page(.post, "/sign-in", form: [("token", "qrm_" + String(repeating: "A", count: 43))])
            #expect(unknown.status == 401 && unknown.html.contains("That token is unknown, expired or revoked."))

            let signedIn = try await client.page(.post, "/sign-in", form: [("token", org.coordinator.token)])
            let setCookie = try #require(signedIn.headers[values: .setCookie].first)
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && !setCookie.contains("Secure"))
            #expect(signedIn.sessionCookie != "quorum_session=\(org.coordinator.token)", "the browser gets a session token of its own")
            let overTLS = try await client.page(.post, "/sign-in", form: [("token", org.coordinator.token)], headers: [.init("X-Forwarded-Proto")!: "https"])
            #expect(overTLS.headers[values: .setCookie].first?.contains("; Secure") == true)

            let cookie = try #require(signedIn.sessionCookie)
            let start = try await client.page("/", cookie: cookie)
            #expect(start.status == 303 && start.location == "/coordinator")
            let token = try await client.csrf(cookie)
            let forged = try await client.page(.post, "/sign-out", cookie: cookie, form: [("csrf", String(token.reversed()))])
            #expect(forged.status == 403 && forged.html.contains("The form was not sent from this session."))
            #expect(try await client.page("/coordinator", cookie: cookie).status == 200, "a forged form does nothing")
            let signOut = try await client.page(.post, "/sign-out", cookie: cookie, form: [("csrf", token)])
            #expect(signOut.status == 303 && signOut.location == "/sign-in?done=signed-out")
            #expect(signOut.headers[values: .setCookie].first?.contains("Max-Age=0") == true)
            let after = try await client.page("/coordinator", cookie: cookie)
            #expect(after.status == 303 && after.location == "/sign-in", "the session token is revoked, not just forgotten")
            #expect(try await client.call(.get, "/v1/me", token: org.coordinator.token).status == 200, "the person's own token still works")
        }
    }

    @Test func eachRole_hasItsStartPage_andPagesRefuseWhatTheAPIRefuses() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let foreign = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            let starts: [(TestOrganisation.Member, String, String)] = [
                (org.coordinator, "/coordinator", "Cohort tracker"), (org.assessor, "/nqsws", "My NQSWs"),
                (org.lineManager, "/nqsws", "My NQSWs"), (org.panelMember, "/panels", "My panels"),
                (org.psw, "/escalations", "Escalations"), (org.nqsw, "/my-year", "My ASYE year"),
                (org.hr, "/nothing-to-do", "Nothing to do here yet"),
            ]
            for (member, path, heading) in starts {
                let cookie = try await client.signIn(member.token)
                let start = try await client.page("/", cookie: cookie)
                #expect(start.location == path)
                let page = try await client.page(path, cookie: cookie)
                #expect(page.status == 200 && page.heading == heading, "\(path): \(page.heading ?? "no heading")")
            }
            #expect(try await client.page("/coordinator").location == "/sign-in", "no session: sign in first")
            let portfolio = "/nqsws/\(org.enrolmentID)"
            let nqsw = try await client.signIn(org.nqsw.token)
            let panels = try await client.page("/panels", cookie: nqsw)
            #expect(panels.status == 403 && panels.heading == "You cannot see this page")
            #expect(panels.headers[.contentType]?.hasPrefix("text/html") == true)
            let other = try await client.signIn(org.otherAssessor.token)
            #expect(try await client.page(portfolio, cookie: other).status == 404, "another assessor's NQSW is not there")
            let outsider = try await client.signIn(foreign.coordinator.token)
            let foreignPage = try await client.page(portfolio, cookie: outsider)
            #expect(foreignPage.status == 404 && !foreignPage.html.contains(org.enrolmentID.description))
            let own = try await client.signIn(org.assessor.token)
            let mine = try await client.page(portfolio, cookie: own)
            #expect(mine.status == 200 && mine.html.contains("Evidence sufficiency today") && mine.html.contains("Evidence matrix"))
            #expect(mine.html.contains("Make the final recommendation"))
            #expect(!mine.html.contains("Change the assessor"), "only coordinators change the assessor")
        }
    }

    @Test func coordinatorPages_scheduleAPanelWithErrorsKept_thenListACase() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let extra = try await PanelRouteTests.extra(org, services: services)
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            try await PanelRouteTests.recommend(client, org.enrolmentID, org)
            let cookie = try await client.signIn(org.coordinator.token)
            for path in ["/coordinator", "/coordinator/outcomes", "/panels", "/panels/new", "/nqsws", "/nqsws/\(org.enrolmentID)"] {
                let page = try await client.page(path, cookie: cookie)
                #expect(page.status == 200, "\(path)")
            }
            #expect(try await client.page("/nqsws/\(org.enrolmentID)", cookie: cookie).html.contains("Change the assessor"))
            // The history: the recommendation just submitted, filtered by kind; an assessor is refused it.
            let history = try await client.page("/history?recordKind=recommendation&action=", cookie: cookie)
            #expect(history.status == 200 && history.html.contains("<td>recommendation.submitted</td>") && !history.html.contains("<td>enrolment.created</td>"))
            #expect(try await client.page("/history?from=yesterday", cookie: cookie).status == 422)
            #expect(try await client.page("/history", cookie: try await client.signIn(org.assessor.token)).status == 403)
            let csv = try await client.page("/coordinator/outcomes.csv", cookie: cookie)
            #expect(csv.status == 200 && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let token = try await client.csrf(cookie, from: "/panels/new")
            let members = [org.panelMember.id] + extra.members.map(\.id)
            var fields: [(String, String)] = [("csrf", token), ("sitsOn", "\(today.adding(days: 20))"), ("startsAt", "25:00"), ("endsAt", "12:00"),
                                              ("location", "Room 7, Civic Centre"), ("capacity", "3"), ("evidenceDeadline", "\(today.adding(days: 10))"),
                                              ("chairId", org.panelMember.id.description)]
            fields += members.map { ("memberIds", $0.description) }
            let refused = try await client.page(.post, "/panels/new", cookie: cookie, form: fields)
            #expect(refused.status == 422)
            #expect(refused.html.contains(##"href="#startsAt""##) && refused.html.contains("Expected a time as HH:MM."))
            #expect(refused.html.contains(#"value="Room 7, Civic Centre""#), "the values typed are kept")
            #expect(refused.heading == "Schedule a panel")
            #expect(try await client.call(.get, "/v1/panels", token: org.coordinator.token)["items"]?.arrayCount == 0, "nothing was created")
            fields[2] = ("startsAt", "10:00")
            fields.append(("deputyChairId", extra.members[0].id.description))
            let scheduled = try await client.page(.post, "/panels/new", cookie: cookie, form: fields)
            #expect(scheduled.status == 303)
            #expect(try await client.call(.get, "/v1/panels", token: org.coordinator.token).text.contains(#""deputyChair":true"#),
                    "the deputy chair chosen on the page is on the panel")
            let panelPath = try #require(scheduled.location?.split(separator: "?").first.map(String.init))
            let panel = try await client.page(panelPath + "?done=panel-scheduled", cookie: cookie)
            #expect(panel.html.contains("The panel is scheduled.") && panel.html.contains("List a case"))
            let listed = try await client.page(.post, panelPath + "/cases", cookie: cookie,
                                               form: [("csrf", token), ("enrolmentId", org.enrolmentID.description)])
            #expect(listed.status == 303 && listed.location == panelPath + "?done=case-listed")
            let again = try await client.page(.post, panelPath + "/cases", cookie: cookie,
                                              form: [("csrf", token), ("enrolmentId", org.enrolmentID.description)])
            #expect(again.status == 409 && again.html.contains("There is a problem"), "a refusal the coordinator can act on is shown on the page")
            // A member of the panel reads the pack; someone not on it cannot.
            let member = try await client.signIn(extra.members[0].token)
            let agenda = try await client.page(panelPath, cookie: member)
            let casePath = try #require(agenda.html.range(of: panelPath + "/cases/").map { range in
                String(agenda.html[range.lowerBound...].prefix { $0 != "\"" })
            })
            let pack = try await client.page(casePath, cookie: member)
            #expect(pack.status == 200 && pack.html.contains("The assessor&#39;s recommendation") || pack.html.contains("The assessor's recommendation"))
            #expect(pack.html.contains("Decisions are recorded once the chair opens the session."))
            let nqsw = try await client.signIn(org.nqsw.token)
            #expect(try await client.page(casePath, cookie: nqsw).status >= 403)
        }
    }

    @Test func nqswAndPSWPages_acknowledgeAPlan_staleFormsSaySo_andDecideAnEscalation() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let today = TestEnvironment.today
        let enrolment = "/v1/enrolments/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            let plan = try await client.call(.post, "\(enrolment)/plans", token: org.assessor.token, body: """
                {"support": "Weekly reflective supervision", "supportActions": \(PlanRouteTests.actions(today, owner: org.lineManager.id)),
                 "nextReviewOn": "\(today.adding(days: 28))",
                 "objectives": [{"description": "Assessments on time", "statements": ["PCF-1"], "targetDate": "\(today.adding(days: 56))"}]}
                """)
            #expect(plan.status == 201)
            let planID = try #require(plan.string("id"))
            let cookie = try await client.signIn(org.nqsw.token)
            let year = try await client.page("/my-year", cookie: cookie)
            #expect(year.html.contains("Acknowledge the plan") && year.html.contains("Weekly reflective supervision"))
            let token = try #require(year.csrf)
            let stale = try await client.page(.post, "/my-year/plans/\(planID)", cookie: cookie, form: [("csrf", token), ("version", "99")])
            #expect(stale.status == 412 && stale.html.contains("Someone else changed this while you were working on it."))
            #expect(stale.html.contains("Acknowledge the plan"), "the page shows the current version to act on")
            let done = try await client.page(.post, "/my-year/plans/\(planID)", cookie: cookie,
                                             form: [("csrf", token), ("version", "1"), ("comments", "Agreed")])
            #expect(done.status == 303 && done.location == "/my-year?done=plan-acknowledged")
            let after = try await client.page("/my-year?done=plan-acknowledged", cookie: cookie)
            #expect(after.html.contains("You have acknowledged the plan.") && !after.html.contains("Acknowledge the plan</button>"))

            let concern = try await client.call(.post, "\(enrolment)/concerns", token: org.assessor.token,
                                                body: #"{"category": "conduct", "severity": "fitness_to_practise", "description": "Visit records do not match"}"#)
            let escalation = try await client.call(.post, "\(enrolment)/concerns/\(try #require(concern.string("id")))/escalation", token: org.assessor.token, body: #"{"reason": "Visit records do not match the visits logged."}"#)
            let path = "/escalations/\(try #require(escalation.string("id")))"
            let psw = try await client.signIn(org.psw.token)
            let list = try await client.page("/escalations", cookie: psw)
            #expect(list.html.contains(path))
            var page = try await client.page(path, cookie: psw)
            #expect(page.html.contains("Visit records do not match") && page.html.contains("Acknowledge the escalation"))
            let pswToken = try #require(page.csrf)
            #expect(try await client.page(.post, path, cookie: psw, form: [("csrf", pswToken), ("version", "1"), ("event", "acknowledge")]).status == 303)
            page = try await client.page(path, cookie: psw)
            #expect(page.html.contains("Referral to Social Work England"))
            let half = try await client.page(.post, path, cookie: psw, form: [
                ("csrf", pswToken), ("version", "2"), ("event", "decide"), ("action", "formal_procedure"), ("reasons", "Falsified records"),
                ("referralGrounds", "misconduct"),
            ])
            #expect(half.status == 422 && half.html.contains(##"href="#referredOn-day""##), "grounds without a date are refused")
            #expect(half.html.contains(#"value="misconduct" checked"#), "the ticked grounds are kept")
            let decided = try await client.page(.post, path, cookie: psw, form: [
                ("csrf", pswToken), ("version", "2"), ("event", "decide"), ("action", "formal_procedure"), ("reasons", "Falsified records"),
                ("referralGrounds", "misconduct"), ("referredOn-day", "\(today.components.day)"), ("referredOn-month", "\(today.components.month)"), ("referredOn-year", "\(today.components.year)"),
            ])
            #expect(decided.status == 303)
            #expect(try await client.page(path, cookie: psw).html.contains("Referred to Social Work England"))
            #expect(try await client.page(path, cookie: cookie).status == 404, "the NQSW does not read the PSW's file")
        }
    }

    @Test func stylesheet_isServed() async throws {
        let services = try await TestEnvironment.services()
        try await withQuorum(services) { (client) async throws -> Void in
            let css = try await client.page("/assets/quorum.css")
            #expect(css.status == 200 && css.headers[.contentType] == "text/css; charset=utf-8" && css.html.contains(".error-summary"))
            #expect(try await client.page("/assets/nothing.css").status == 404)
        }
    }
}

extension JSONValue {
    /// The number of items of an array (nil for anything else).
    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}
