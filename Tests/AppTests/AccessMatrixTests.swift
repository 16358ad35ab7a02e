@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Store
import Testing
import Workflows

/// Walks the read matrix in docs/access.md through the HTTP API: every row's
/// request, sent as every column's caller, in the situation the document
/// describes. Any cell that differs from the document is a failure.
@Suite struct AccessMatrixTests {
    struct Row {
        var operation: String
        var allowed: [Bool]
    }

    static let columns = ["NQSW", "ASR", "LM", "COORD", "PANEL", "MOD", "PSW", "HR", "OTHER", "FOREIGN"]

    /// The read table of docs/access.md.
    static func readMatrix() throws -> [Row] { try matrix(from: "## Reads", to: "## Changes") }

    /// The table of docs/access.md between two headings: one row per operation, a ✔ or — per column.
    static func matrix(from start: String, to end: String) throws -> [Row] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/access.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let section = text.components(separatedBy: start).dropFirst().first?.components(separatedBy: end).first else { return [] }
        var rows: [Row] = []
        for line in section.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == columns.count + 1, cells[0] != "operation", !cells[0].hasPrefix("-") else { continue }
            rows.append(Row(operation: cells[0], allowed: cells.dropFirst().map { $0 == "✔" }))
        }
        return rows
    }

    @Test func readMatrix_matchesTheDocument() async throws {
        let rows = try Self.readMatrix()
        #expect(rows.count >= 30)
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let foreign = try await TestOrganisation.make(services: services)
        let extra = try await PanelRouteTests.extra(org, services: services)
        let today = TestEnvironment.today
        let (_, table) = QuorumApplication.router(services: services, templates: try TestEnvironment.templates.get(), accessLog: false)
        let routes = Dictionary(uniqueKeysWithValues: table.entries.filter { $0.method == "GET" }.map { ($0.operationID, $0.path) })
        try await withQuorum(services) { (client) async throws -> Void in
            // The situation: an FtP concern about the NQSW escalated by the assessor; their
            // recommendation listed at a scheduled panel; another NQSW's FAIL decided at a
            // second panel and sampled for moderation.
            let concerns = "/v1/enrolments/\(org.enrolmentID)/concerns"
            let concern = try await client.call(.post, concerns, token: org.assessor.token,
                                                body: #"{"category": "conduct", "severity": "fitness_to_practise", "description": "Visits not made"}"#)
            let escalation = try await client.call(.post, "\(concerns)/\(concern.string("id") ?? "")/escalation", token: org.assessor.token, body: #"{"reason": "Visit records do not match the visits logged."}"#)
            try await PanelRouteTests.recommend(client, org.enrolmentID, org)
            try await PanelRouteTests.recommend(client, extra.otherEnrolment, org, outcome: "FAIL")
            let panel = try await PanelRouteTests.panel(client, org, chair: org.panelMember.id, members: [extra.members[0].id, extra.members[1].id])
            let listed = try await client.call(.post, "/v1/panels/\(panel.string("id") ?? "")/cases", token: org.coordinator.token,
                                               body: #"{"enrolmentId": "\#(org.enrolmentID)"}"#)
            var second = try await PanelRouteTests.panel(client, org, chair: extra.members[2].id, members: [extra.members[0].id, extra.members[1].id], inDays: 20)
            let decided = try await client.call(.post, "/v1/panels/\(second.string("id") ?? "")/cases", token: org.coordinator.token,
                                                body: #"{"enrolmentId": "\#(extra.otherEnrolment)"}"#)
            day.move(to: TestEnvironment.today.adding(days: 20)) // the day the panel sits
            second = try await PanelRouteTests.event(client, second, org.coordinator.token, #"{"event": "open"}"#)
            let decision = "/v1/panels/\(second.string("id") ?? "")/cases/\(decided.string("id") ?? "")/decision"
            _ = try await client.call(.post, decision, token: extra.members[0].token, body: #"{"recommendationVersion": 1, "kind": "confirm"}"#)
            _ = try await client.call(.post, "\(decision)/signature", token: extra.members[2].token)
            let sample = try await client.call(.post, "/v1/moderation/samples", token: org.coordinator.token, body: """
                {"decidedFrom": "\(day.today)", "decidedTo": "\(day.today)", "seed": 1, "moderators": [{"personId": "\(extra.moderator.id)"}]}
                """)
            #expect(sample.status == 201)
            day.move(to: today) // the rest of the situation is read on the test's day
            // A support plan, agreed, started and handed to the capability procedure (so HR sees it).
            let plans = "/v1/enrolments/\(org.enrolmentID)/plans", planRoutes = PlanRouteTests()
            var plan = try await client.call(.post, plans, token: org.assessor.token, body: planRoutes.draftBody(today, owner: org.lineManager.id))
            let planEvents = "\(plans)/\(plan.string("id") ?? "")/events"
            for (token, body) in [(org.nqsw.token, #"{"event": "acknowledge"}"#), (org.assessor.token, #"{"event": "acknowledge"}"#),
                                  (org.lineManager.token, #"{"event": "acknowledge"}"#), (org.assessor.token, #"{"event": "start"}"#),
                                  (org.coordinator.token, #"{"event": "escalate", "procedure": "capability"}"#)] {
                plan = try await client.call(.post, planEvents, token: token, headers: planRoutes.etag(plan), body: body)
            }
            #expect(plan.string("state") == "escalated")
            // The recommendation kept a run of the check with it.
            let runs = try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/sufficiency/runs", token: org.assessor.token)
            guard case .array(let kept)? = runs["items"], case .object(let run)? = kept.first, case .string(let runID)? = run["id"] else {
                Issue.record("no run kept with the recommendation"); return
            }
            let values = ["enrolmentId": org.enrolmentID.description, "runId": runID, "escalationId": escalation.string("id") ?? "", "panelId": panel.string("id") ?? "",
                          "caseId": listed.string("id") ?? "", "sampleId": sample.string("id") ?? "", "number": "1",
                          "planId": plan.string("id") ?? ""]
            let callers = [org.nqsw.token, org.assessor.token, org.lineManager.token, org.coordinator.token, org.panelMember.token,
                           extra.moderator.token, org.psw.token, org.hr.token, org.otherAssessor.token, foreign.coordinator.token]
            var differences: [String] = []
            for row in rows {
                guard var path = routes[row.operation] else { differences.append("\(row.operation): no such GET operation"); continue }
                for (name, value) in values { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
                for (index, token) in callers.enumerated() {
                    let response = try await client.call(.get, path, token: token)
                    let status = response.status
                    let allowed = status == 200
                    if index == callers.count - 1, allowed, let leaked = values.values.first(where: { $0.count > 1 && response.text.contains($0) }) {
                        differences.append("\(row.operation) as FOREIGN: the reply holds \(leaked) of another organisation")
                    }
                    let refused = status == 403 || status == 404
                    if !(allowed || refused) || allowed != row.allowed[index] {
                        differences.append("\(row.operation) as \(Self.columns[index]): \(status), document says \(row.allowed[index] ? "✔" : "—")")
                    }
                }
            }
            print("FIGURE authz_matrix_differences \(differences.count) cells (of \(rows.count * callers.count))")
            #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        }
    }
}
