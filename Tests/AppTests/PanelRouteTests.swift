@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Store
import Testing
import Workflows

/// Panels, decisions and moderation through the HTTP API.
@Suite struct PanelRouteTests {
    static let justified = #""justifications": [{"criterion": "accurate", "text": "a"}, {"criterion": "valid", "text": "b"}, {"criterion": "sufficient", "text": "c"}, {"criterion": "robust", "text": "d"}]"#

    /// People a panel needs beyond the test organisation's one panel member.
    struct Extra: Sendable {
        let members: [TestOrganisation.Member]
        let moderator: TestOrganisation.Member
        let externalModerator: TestOrganisation.Member
        let otherEnrolment: EnrolmentID
    }

    static func extra(_ org: TestOrganisation, services: QuorumServices) async throws -> Extra {
        let today = services.runner.clock.today()
        return try await services.pool.transaction { connection in
            let tag = UUID().uuidString.prefix(8).lowercased()
            func member(_ name: String, _ roles: [Role]) throws -> TestOrganisation.Member {
                try TestOrganisation.member(name, roles, tag: tag, organisation: org.id, on: connection)
            }
            let members = try (1...3).map { try member("member\($0)", [.panelMember]) }
            let enrolment = Enrolment(id: .random(), organisationID: org.id, nqswID: org.otherNQSW.id, setting: .adults,
                                      startDate: today.adding(months: -13), fte: .fullTime, assessorID: org.assessor.id, lineManagerID: org.lineManager.id)
            try EnrolmentRepository.insert(enrolment, actor: .system, on: connection)
            return Extra(members: members, moderator: try member("moderator", [.moderator]), externalModerator: try member("partner", [.moderator]),
                         otherEnrolment: enrolment.id)
        }
    }

    /// The final review and a recommendation, as the assessor makes them.
    static func recommend(_ client: any TestClientProtocol, _ enrolment: EnrolmentID, _ org: TestOrganisation, outcome: String = "PASS") async throws {
        let today = TestEnvironment.today
        let review = try await client.call(.post, "/v1/enrolments/\(enrolment)/reviews", token: org.assessor.token,
                                           body: #"{"milestone": 12, "heldOn": "\#(today)", "progress": "Final review"}"#)
        #expect(review.status == 201)
        let recommendation = try await client.call(.post, "/v1/enrolments/\(enrolment)/recommendation", token: org.assessor.token,
                                                   body: #"{"outcome": "\#(outcome)", "rationale": "The year's evidence", \#(justified)}"#)
        #expect(recommendation.status == 201)
    }

    static func panel(_ client: any TestClientProtocol, _ org: TestOrganisation, chair: PersonID, members: [PersonID], inDays days: Int = 14,
                      capacity: Int = 5) async throws -> APIResponse {
        let today = TestEnvironment.today
        let ids = members.map { "\"\($0)\"" }.joined(separator: ", ")
        return try await client.call(.post, "/v1/panels", token: org.coordinator.token, body: """
            {"sitsOn": "\(today.adding(days: days))", "startsAt": "10:00", "endsAt": "12:30", "location": "Room 4, Civic Centre; or Teams",
             "capacity": \(capacity), "evidenceDeadline": "\(today.adding(days: days - 7))", "chairId": "\(chair)", "memberIds": [\(ids)], "schedule": true}
            """)
    }

    static func event(_ client: any TestClientProtocol, _ panel: APIResponse, _ token: String, _ body: String) async throws -> APIResponse {
        try await client.call(.post, "/v1/panels/\(panel.string("id") ?? "")/events", token: token, headers: [.ifMatch: panel.headers[.eTag] ?? ""], body: body)
    }

    static func firstCase(_ panel: APIResponse) -> (id: String, version: Int)? {
        guard case .array(let cases) = panel["cases"], case .object(let first) = cases.first,
              case .string(let id) = first["id"], case .number(let version) = first["version"] else { return nil }
        return (id, Int(version))
    }

    /// Scheduling, listing with its refusals, the pack, a decision on the right
    /// version signed by the chair, a coordinator's correction, the report and the feed.
    @Test func panel_scheduleListDecideCorrect() async throws {
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let extra = try await Self.extra(org, services: services)
        let (m1, m2) = (extra.members[0], extra.members[1])
        try await withQuorum(services) { (client) async throws -> Void in
            try await Self.recommend(client, org.enrolmentID, org)
            let tooSmall = try await Self.panel(client, org, chair: org.panelMember.id, members: [m1.id])
            #expect(tooSmall.status == 422 && tooSmall.problemFields == ["members"], "a quorum is three including the chair")
            let today = TestEnvironment.today
            let byAssessor = try await client.call(.post, "/v1/panels", token: org.assessor.token, body: """
                {"sitsOn": "\(today.adding(days: 9))", "startsAt": "10:00", "endsAt": "11:00", "location": "Room 1", "capacity": 2,
                 "evidenceDeadline": "\(today.adding(days: 2))", "chairId": "\(org.panelMember.id)", "memberIds": ["\(m1.id)", "\(m2.id)"]}
                """)
            #expect(byAssessor.status == 403, "coordinators schedule panels")
            var panel = try await Self.panel(client, org, chair: org.panelMember.id, members: [m1.id, m2.id], capacity: 1)
            #expect(panel.status == 201 && panel.string("state") == "scheduled")
            let path = "/v1/panels/\(panel.string("id") ?? "")"
            #expect(try await client.call(.get, path, token: extra.members[2].token).status == 404, "not on this panel")
            #expect(try await client.call(.get, "/v1/panels", token: org.nqsw.token).status == 403)

            // Listing: coordinators only; then the panel is full.
            #expect(try await client.call(.post, "\(path)/cases", token: org.assessor.token, body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#).status == 403)
            let listed = try await client.call(.post, "\(path)/cases", token: org.coordinator.token, body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#)
            #expect(listed.status == 201 && listed.string("state") == "listed")
            try await Self.recommend(client, extra.otherEnrolment, org, outcome: "FAIL")
            let full = try await client.call(.post, "\(path)/cases", token: org.coordinator.token, body: #"{"enrolmentId": "\#(extra.otherEnrolment)"}"#)
            #expect(full.status == 409 && full.problemKind == "panel-full")

            // The pack: members of the panel, not the NQSW's own staff.
            let caseID = listed.string("id") ?? ""
            let pack = try await client.call(.get, "\(path)/cases/\(caseID)/pack", token: m1.token)
            #expect(pack.status == 200)
            #expect(pack.text.contains(#""rationale":"The year's evidence""#) && pack["fitnessToPractise"] != nil && pack["tracker"] != nil)
            #expect(try await client.call(.get, "\(path)/cases/\(caseID)/pack", token: org.nqsw.token).status == 404)

            // The assessor amends after the pack was issued: a decision on version 1 is refused.
            let recommendation = try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/recommendation", token: org.assessor.token)
            #expect(recommendation.string("state") == "allocated")
            let amended = try await client.call(.post, "/v1/enrolments/\(org.enrolmentID)/recommendation/amendments", token: org.assessor.token,
                                                headers: [.ifMatch: recommendation.headers[.eTag] ?? ""],
                                                body: #"{"outcome": "PASS", "rationale": "With the late observation", "reason": "Observation added", \#(Self.justified)}"#)
            #expect(amended.status == 201)
            let decision = "\(path)/cases/\(caseID)/decision"
            #expect(try await client.call(.post, decision, token: m1.token, body: #"{"recommendationVersion": 2, "kind": "confirm"}"#).status == 409,
                    "not in session yet")
            #expect(try await Self.event(client, panel, m1.token, #"{"event": "open"}"#).status == 403, "the chair or a coordinator opens it")
            let beforeItSits = try await Self.event(client, panel, org.panelMember.token, #"{"event": "open"}"#)
            #expect(beforeItSits.status == 409 && beforeItSits.string("rule") == "panel-sits-on-its-date"
                        && beforeItSits.string("date") == TestEnvironment.today.adding(days: 14).description, "a panel opens on its date, not before")
            let stale = try await client.call(.post, "\(path)/events", token: org.coordinator.token, headers: [.ifMatch: "\"v9\""], body: #"{"event": "open"}"#)
            #expect(stale.status == 412)
            day.move(to: TestEnvironment.today.adding(days: 14)) // the day the panel sits
            panel = try await Self.event(client, panel, org.panelMember.token, #"{"event": "open"}"#)
            #expect(panel.string("state") == "in_session")
            let onOld = try await client.call(.post, decision, token: m1.token, body: #"{"recommendationVersion": 1, "kind": "confirm"}"#)
            #expect(onOld.status == 409 && onOld.problemKind == "recommendation-amended")
            let noReasons = try await client.call(.post, decision, token: m1.token, body: #"{"recommendationVersion": 2, "kind": "different_outcome", "outcome": "FAIL"}"#)
            #expect(noReasons.status == 422 && noReasons.problemFields == ["reasons"])
            let recorded = try await client.call(.post, decision, token: m1.token, body: #"{"recommendationVersion": 2, "kind": "confirm"}"#)
            #expect(recorded.status == 201 && recorded.string("state") == "recorded")
            #expect(try await client.call(.post, "\(decision)/signature", token: m2.token).status == 403, "only the chair signs")
            let signed = try await client.call(.post, "\(decision)/signature", token: org.panelMember.token)
            #expect(signed.status == 200 && signed.string("state") == "decided")
            #expect(try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)", token: org.coordinator.token).string("status") == "passed")

            // A correction: coordinators only, with a reason, a new record.
            #expect(try await client.call(.post, "\(decision)/corrections", token: org.panelMember.token, headers: [.ifMatch: signed.headers[.eTag] ?? ""],
                                          body: #"{"outcome": "FAIL", "reason": "Recorded against the wrong case"}"#).status == 403)
            let corrected = try await client.call(.post, "\(decision)/corrections", token: org.coordinator.token, headers: [.ifMatch: signed.headers[.eTag] ?? ""],
                                                  body: #"{"outcome": "FAIL", "reason": "Recorded against the wrong case"}"#)
            #expect(corrected.status == 201)
            #expect(try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)", token: org.coordinator.token).string("status") == "failed")

            // Closed: members keep the decisions but lose the packs.
            panel = try await client.call(.get, path, token: org.coordinator.token)
            panel = try await Self.event(client, panel, org.coordinator.token, #"{"event": "close"}"#)
            #expect(panel.string("state") == "closed")
            #expect(try await client.call(.get, "\(path)/cases/\(caseID)/pack", token: m1.token).status == 403)
            #expect(try await client.call(.get, path, token: m1.token).text.contains(#""outcome":"FAIL""#))

            let report = try await client.call(.get, "/v1/reports/panels", token: org.coordinator.token)
            #expect(report.status == 200)
            if case .object(let total)? = report["total"] { #expect(total["cases"] == .number(1) && total["fail"] == .number(1)) } else { Issue.record("no total") }
            let csv = try await client.call(.get, "/v1/reports/panels?format=csv", token: org.coordinator.token)
            #expect(csv.text.hasPrefix("panel_id,sits_on,case,nqsw,") && csv.text.split(separator: "\r\n").count == 2)
            #expect(try await client.call(.get, "/v1/reports/panels", token: m1.token).status == 403)

            let feed = try await client.call(.get, "/v1/calendar/panels.ics", token: m1.token)
            #expect(feed.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(feed.text.hasPrefix("BEGIN:VCALENDAR\r\n") && feed.text.contains("UID:panel-\(panel.string("id") ?? "")@quorum"))
            #expect(feed.text.contains(#"LOCATION:Room 4\, Civic Centre\; or Teams"#))
            #expect(feed.text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        }
    }

    /// A member whose conflict would leave a case without a quorum blocks its listing.
    @Test func listing_refusedWhenConflictsBreakQuorum() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let extra = try await Self.extra(org, services: services)
        try await services.pool.inOrganisation(org.id) { connection in
            try connection.query("INSERT INTO role_assignments (person_id, organisation_id, role) VALUES (\(org.lineManager.id), \(org.id), 'panel_member')")
        }
        try await withQuorum(services) { (client) async throws -> Void in
            try await Self.recommend(client, org.enrolmentID, org)
            let panel = try await Self.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, org.lineManager.id])
            let refused = try await client.call(.post, "/v1/panels/\(panel.string("id") ?? "")/cases", token: org.coordinator.token,
                                                body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#)
            #expect(refused.status == 422 && refused.problemFields == ["panelId"])
            #expect(refused.text.contains("1 of the panel's 3 members are conflicted"))
            // With another member free, the case is heard, and the line manager's conflict is shown on it, not only enforced.
            let larger = try await Self.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, extra.members[1].id, org.lineManager.id],
                                              inDays: 21)
            let listed = try await client.call(.post, "/v1/panels/\(larger.string("id") ?? "")/cases", token: org.coordinator.token,
                                               body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#)
            #expect(listed.status == 201)
            #expect(listed.text.contains(#""personId":"\#(org.lineManager.id)""#) && listed.text.contains(#""automatic":true"#)
                        && listed.text.contains("the NQSW's line manager"))
        }
    }

    /// Two members recording a decision at once: exactly one wins.
    @Test func decision_concurrentRecording_oneWins() async throws {
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let extra = try await Self.extra(org, services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            try await Self.recommend(client, org.enrolmentID, org)
            // This employer anonymises its panels: members see case numbers, coordinators names.
            let policy = try await client.call(.post, "/v1/policies/panel", token: org.coordinator.token,
                                               body: #"{"quorum": 3, "anonymised": true, "moderationShare": 0.1, "gradedScale": false, "reason": "Members see case numbers"}"#)
            #expect(policy.status == 201)
            #expect(try await client.call(.post, "/v1/policies/panel", token: org.coordinator.token,
                                          body: #"{"quorum": 2, "anonymised": true, "moderationShare": 0.1, "gradedScale": false, "reason": "Fewer"}"#).problemFields == ["quorum"])
            var panel = try await Self.panel(client, org, chair: org.panelMember.id, members: extra.members.map(\.id))
            #expect(panel["anonymised"] == .bool(true))
            let path = "/v1/panels/\(panel.string("id") ?? "")"
            let listed = try await client.call(.post, "\(path)/cases", token: org.coordinator.token, body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#)
            let memberPack = try await client.call(.get, "\(path)/cases/\(listed.string("id") ?? "")/pack", token: extra.members[0].token)
            #expect(memberPack.status == 200 && memberPack["nqswName"] == nil && memberPack.string("label") == "Case 1")
            #expect(!(try await client.call(.get, path, token: extra.members[0].token).text.contains("nqswName")))
            #expect(try await client.call(.get, "\(path)/cases/\(listed.string("id") ?? "")/pack", token: org.coordinator.token)["nqswName"] != nil)
            day.move(to: TestEnvironment.today.adding(days: 14)) // the day the panel sits
            panel = try await Self.event(client, panel, org.coordinator.token, #"{"event": "open"}"#)
            let decision = "\(path)/cases/\(listed.string("id") ?? "")/decision"
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for member in extra.members {
                    group.addTask {
                        try await client.call(.post, decision, token: member.token,
                                              body: #"{"recommendationVersion": 1, "kind": "different_outcome", "outcome": "FAIL", "reasons": "Member \#(member.id)"}"#).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [201, 409, 409])
        }
    }

    /// A deferral signed by the chair re-lists the case at the first panel after
    /// its new deadline, and the pack counts the deferral.
    @Test func deferral_relistsAtNextSuitablePanel() async throws {
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let extra = try await Self.extra(org, services: services)
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            let concerns = "/v1/enrolments/\(org.enrolmentID)/concerns"
            let serious = try await client.call(.post, concerns, token: org.assessor.token,
                                                body: #"{"category": "conduct", "severity": "fitness_to_practise", "description": "Records of visits that did not take place"}"#)
            #expect(try await client.call(.post, "\(concerns)/\(serious.string("id") ?? "")/escalation", token: org.assessor.token, body: #"{"reason": "Visit records do not match the visits logged."}"#).status == 201)
            try await Self.recommend(client, org.enrolmentID, org)
            var first = try await Self.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, extra.members[1].id])
            let tooEarly = try await Self.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, extra.members[1].id], inDays: 30)
            let later = try await Self.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, extra.members[1].id], inDays: 60)
            let path = "/v1/panels/\(first.string("id") ?? "")"
            let listed = try await client.call(.post, "\(path)/cases", token: org.coordinator.token, body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#)
            day.move(to: TestEnvironment.today.adding(days: 14)) // the day the panel sits
            first = try await Self.event(client, first, org.coordinator.token, #"{"event": "open"}"#)
            let decision = "\(path)/cases/\(listed.string("id") ?? "")/decision"
            let recorded = try await client.call(.post, decision, token: extra.members[0].token, body: """
                {"recommendationVersion": 1, "kind": "defer", "reasons": "Long-term sickness absence", "deadline": "\(today.adding(days: 40))"}
                """)
            #expect(recorded.status == 201)
            #expect(try await client.call(.post, "\(decision)/signature", token: org.panelMember.token).string("state") == "decided")
            let hearings = try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/panel-hearings", token: org.nqsw.token)
            #expect(hearings.status == 200 && hearings.text.contains("Long-term sickness absence") && hearings.text.contains(today.adding(days: 40).description),
                    "the NQSW reads why and by when")
            #expect(try await client.call(.get, "/v1/panels/awaiting-relisting", token: org.coordinator.token).status == 200)
            let year = try await client.page("/my-year", cookie: try await client.signIn(org.nqsw.token))
            #expect(year.html.contains("Your panel") && year.html.contains("Long-term sickness absence") && year.html.contains("DEFER: deferred"),
                    "the NQSW's page shows the decision, its reasons and deadline")
            let panels = try await client.page("/panels", cookie: try await client.signIn(org.coordinator.token))
            #expect(panels.html.contains("Awaiting re-listing") && panels.html.contains("No deferred case is waiting"), "re-listed at once: nothing waits")
            let relisted = try await client.call(.get, "/v1/panels/\(later.string("id") ?? "")", token: org.coordinator.token)
            guard let moved = Self.firstCase(relisted) else { Issue.record("not re-listed"); return }
            #expect(Self.firstCase(try await client.call(.get, "/v1/panels/\(tooEarly.string("id") ?? "")", token: org.coordinator.token)) == nil)
            let pack = try await client.call(.get, "/v1/panels/\(later.string("id") ?? "")/cases/\(moved.id)/pack", token: extra.members[1].token)
            #expect(pack["deferrals"] == .number(1))
            #expect(pack.text.contains(#""reasons":"Long-term sickness absence""#), "the pack says why the case was deferred")
            #expect(pack.text.contains(#""takingPart":["#), "and who took part in that decision")
            // The FtP matter is flagged to the panel; the PSW's file (the concern's detail, the referral pack) is not in the pack.
            if case .object(let ftp)? = pack["fitnessToPractise"] {
                #expect(ftp["escalated"] == .bool(true) && ftp["state"] == .string("awaiting_acknowledgement"))
            } else { Issue.record("no FtP part") }
            #expect(!pack.text.contains("Records of visits"))
            let packReads = try await services.pool.inOrganisation(org.id) { connection in
                try connection.query("SELECT count(*)::int8 FROM record_reads WHERE person_id = \(extra.members[1].id) AND action = 'panel_case.pack_read'")[0]
                    .decode(Int.self, at: 0)
            }
            #expect(packReads == 1, "reading a panel pack is in the audit trail")
            #expect(try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)", token: org.coordinator.token).string("status") == "active")
            #expect(try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/recommendation", token: org.assessor.token).string("state") == "allocated")
        }
    }

    /// Moderation: the sample holds every FAIL and is reproducible from its seed; an
    /// external moderator sees it anonymised; a disagreement is a dispute the chair settles.
    @Test func moderation_sampleReviewDispute() async throws {
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let extra = try await Self.extra(org, services: services)
        let today = TestEnvironment.today
        try await withQuorum(services) { (client) async throws -> Void in
            try await Self.recommend(client, org.enrolmentID, org, outcome: "PASS")
            try await Self.recommend(client, extra.otherEnrolment, org, outcome: "FAIL")
            var panel = try await Self.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, extra.members[1].id])
            let path = "/v1/panels/\(panel.string("id") ?? "")"
            var cases: [String] = []
            for enrolment in [org.enrolmentID, extra.otherEnrolment] {
                cases.append(try await client.call(.post, "\(path)/cases", token: org.coordinator.token, body: #"{"enrolmentId": "\#(enrolment)"}"#).string("id") ?? "")
            }
            day.move(to: TestEnvironment.today.adding(days: 14)) // the day the panel sits
            panel = try await Self.event(client, panel, org.coordinator.token, #"{"event": "open"}"#)
            for id in cases {
                _ = try await client.call(.post, "\(path)/cases/\(id)/decision", token: extra.members[0].token, body: #"{"recommendationVersion": 1, "kind": "confirm"}"#)
                #expect(try await client.call(.post, "\(path)/cases/\(id)/decision/signature", token: org.panelMember.token).status == 200)
            }
            let request = """
                {"decidedFrom": "\(day.today)", "decidedTo": "\(day.today)", "seed": 42, "sharePercent": 0,
                 "moderators": [{"personId": "\(extra.moderator.id)"}, {"personId": "\(extra.externalModerator.id)", "external": true}]}
                """
            #expect(try await client.call(.post, "/v1/moderation/samples", token: extra.moderator.token, body: request).status == 403)
            let sample = try await client.call(.post, "/v1/moderation/samples", token: org.coordinator.token, body: request)
            #expect(sample.status == 201)
            guard case .array(let sampled) = sample["cases"] else { Issue.record("no cases"); return }
            #expect(sampled.count == 1, "share 0: only the FAIL")
            #expect(sample.text.contains(#""reason":"fail""#))
            let unexplained = try await client.call(.post, "/v1/moderation/samples", token: org.coordinator.token, body: request)
            #expect(unexplained.status == 422 && unexplained.problemFields == ["redrawReason"], "a period already sampled is drawn again only with a reason")
            let again = try await client.call(.post, "/v1/moderation/samples", token: org.coordinator.token,
                                              body: String(request.dropLast(1)) + #", "redrawReason": "The first moderator withdrew"}"#)
            #expect(again["cases"] == sample["cases"], "the same seed draws the same sample")
            #expect(again.string("replaces") == sample.string("id") && again.string("drawnBy") == org.coordinator.id.description,
                    "the redraw names the draw it replaces, which is kept")
            #expect(sample["complete"] == .bool(false))

            let base = "/v1/moderation/samples/\(sample.string("id") ?? "")"
            let external = try await client.call(.get, "\(base)/cases/1/pack", token: extra.externalModerator.token)
            #expect(external.status == 200 && external["nqswName"] == nil && external["anonymised"] == .bool(true))
            // Finding 9: no person id anywhere inside, the snapshot's evidence authors and judges included.
            for person in [org.otherNQSW.id, org.assessor.id, org.lineManager.id, org.panelMember.id] {
                #expect(!external.text.contains(person.description), "an anonymised pack carries \(person)")
            }
            guard case .object(let completeness)? = external["completeness"] else { Issue.record("no completeness check"); return }
            #expect(completeness["complete"] == .bool(false), "the test year has no 3-, 6- or 9-month reviews")
            let agreed = try await client.call(.post, "\(base)/cases/1/reviews", token: extra.externalModerator.token, body: #"{"verdict": "agree"}"#)
            #expect(agreed.status == 409 && agreed.problemKind == "record-incomplete" && agreed.text.contains("3-month review"),
                    "completeness comes before the criteria")
            #expect(try await client.call(.get, "\(base)/cases/1/pack", token: extra.moderator.token)["nqswName"] != nil)
            #expect(try await client.call(.get, base, token: extra.members[2].token).status == 404)
            #expect(try await client.call(.post, "\(base)/cases/1/reviews", token: extra.moderator.token, body: #"{"verdict": "disagree"}"#).status == 422)
            let disagreed = try await client.call(.post, "\(base)/cases/1/reviews", token: extra.moderator.token,
                                                  body: #"{"verdict": "disagree", "comments": {"sufficient": "Only one direct observation"}}"#)
            #expect(disagreed.status == 201 && disagreed.text.contains(#""state":"open""#))
            guard case .array(let reviews) = disagreed["reviews"], case .object(let review) = reviews.first, case .object(let dispute) = review["dispute"],
                  case .string(let disputeID) = dispute["id"] else { Issue.record("no dispute"); return }
            let resolution = "\(base)/disputes/\(disputeID)/resolution"
            #expect(try await client.call(.post, resolution, token: org.coordinator.token, headers: [.ifMatch: "\"v1\""],
                                          body: #"{"resolution": "x"}"#).status == 403)
            let chairView = try await client.call(.get, base, token: org.panelMember.token)
            #expect(chairView.status == 200, "the deciding chair sees the disputed case")
            let uncited = try await client.call(.post, resolution, token: org.panelMember.token, headers: [.ifMatch: "\"v1\""],
                                                body: #"{"resolution": "We discussed it and the decision stands."}"#)
            #expect(uncited.status == 422 && uncited.problemFields == ["citedEvidenceIds"], "a settlement rests on the record")
            let yearReviews = try await client.call(.get, "/v1/enrolments/\(extra.otherEnrolment)/reviews", token: org.coordinator.token)
            guard case .array(let heldReviews) = yearReviews["items"], case .object(let held) = heldReviews.first, case .string(let reviewID) = held["id"] else {
                Issue.record("no review to cite"); return
            }
            let settled = try await client.call(.post, resolution, token: org.panelMember.token, headers: [.ifMatch: "\"v1\""],
                                                body: #"{"resolution": "Second observation found in supervision notes; decision stands.", "citedReviewIds": ["\#(reviewID)"]}"#)
            #expect(settled.status == 200 && settled.text.contains(#""state":"settled""#) && settled.text.contains(reviewID)
                    && settled.text.contains(#""refersToPanel":false"#))
            #expect(try await client.call(.get, base, token: org.panelMember.token).status == 404, "once settled, the chair's standing ends")
            #expect(try await client.call(.get, "\(base)/cases/1/pack", token: org.panelMember.token).status == 404)
            #expect(try await client.call(.get, base, token: org.coordinator.token)["complete"] == .bool(true), "every case reviewed, every dispute settled: the round is complete")
            #expect(try await client.call(.get, "/v1/enrolments/\(extra.otherEnrolment)", token: org.coordinator.token).string("status") == "failed",
                    "moderation never overturns the decision")
        }
    }

    /// Rescheduling without the cases releases them; cancelling releases the rest;
    /// a referral back returns the recommendation to the assessor without re-listing it.
    @Test func rescheduleCancelAndReferBack_releaseCases() async throws {
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let extra = try await Self.extra(org, services: services)
        let today = TestEnvironment.today
        let recommendation = "/v1/enrolments/\(org.enrolmentID)/recommendation"
        try await withQuorum(services) { (client) async throws -> Void in
            try await Self.recommend(client, org.enrolmentID, org)
            var panel = try await Self.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, extra.members[1].id])
            let path = "/v1/panels/\(panel.string("id") ?? "")"
            let list = #"{"enrolmentId": "\#(org.enrolmentID)"}"#
            #expect(try await client.call(.post, "\(path)/cases", token: org.coordinator.token, body: list).status == 201)
            #expect(try await Self.event(client, panel, org.coordinator.token, #"{"event": "reschedule", "casesMove": false, "sitsOn": "\#(today.adding(days: 16))"}"#).status == 422,
                    "a reason is required")
            panel = try await Self.event(client, panel, org.coordinator.token,
                                         #"{"event": "reschedule", "reason": "Chair unavailable", "casesMove": false, "sitsOn": "\#(today.adding(days: 16))"}"#)
            #expect(panel.string("state") == "scheduled" && panel.string("sitsOn") == today.adding(days: 16).description)
            guard case .array(let cases)? = panel["cases"], case .object(let released)? = cases.first else { Issue.record("no case"); return }
            #expect(released["state"] == .string("released"))
            #expect(try await client.call(.get, recommendation, token: org.assessor.token).string("state") == "submitted")
            // Listed again, then the panel is cancelled: released again.
            #expect(try await client.call(.post, "\(path)/cases", token: org.coordinator.token, body: list).status == 201)
            panel = try await Self.event(client, panel, org.coordinator.token, #"{"event": "cancel", "reason": "Too few cases"}"#)
            #expect(panel.string("state") == "cancelled")
            #expect(try await client.call(.get, recommendation, token: org.assessor.token).string("state") == "submitted")
            // At another panel the case is referred back for more evidence.
            var other = try await Self.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, extra.members[1].id], inDays: 21)
            let otherPath = "/v1/panels/\(other.string("id") ?? "")"
            let listed = try await client.call(.post, "\(otherPath)/cases", token: org.coordinator.token, body: list)
            day.move(to: TestEnvironment.today.adding(days: 21)) // the day the panel sits
            other = try await Self.event(client, other, org.coordinator.token, #"{"event": "open"}"#)
            let decision = "\(otherPath)/cases/\(listed.string("id") ?? "")/decision"
            let missing = try await client.call(.post, decision, token: extra.members[0].token,
                                                body: #"{"recommendationVersion": 1, "kind": "refer_back", "reasons": "Thin final period", "deadline": "\#(today.adding(days: 30))"}"#)
            #expect(missing.status == 422 && missing.problemFields == ["evidenceRequired"])
            _ = try await client.call(.post, decision, token: extra.members[0].token, body: """
                {"recommendationVersion": 1, "kind": "refer_back", "reasons": "Thin final period", "evidenceRequired": "Two direct observations",
                 "deadline": "\(today.adding(days: 30))"}
                """)
            let signed = try await client.call(.post, "\(decision)/signature", token: org.panelMember.token)
            #expect(signed.status == 200 && signed.text.contains(#""outcome":"DEFER""#))
            #expect(try await client.call(.get, recommendation, token: org.assessor.token).string("state") == "submitted", "back with the assessor")
            day.move(to: TestEnvironment.today) // back to the coordinator's planning, weeks before
            // Not before the deadline: a panel sitting earlier refuses the case.
            let early = try await Self.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, extra.members[1].id], inDays: 25)
            let refused = try await client.call(.post, "/v1/panels/\(early.string("id") ?? "")/cases", token: org.coordinator.token, body: list)
            #expect(refused.status == 409 && refused.problemKind == "before-case-deadline")
        }
    }
}
