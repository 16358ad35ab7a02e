@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PropertyBased
import Testing
import Workflows

/// Random sequences of panel commands sent through the HTTP API, compared
/// step by step with a small model written here, independently of the
/// domain's machine: which commands succeed, which are refused (409), and the
/// state after each. QUORUM_MODEL_SEQUENCES sets how many (make test: 60;
/// make resilience: 10,000).
@Suite struct ModelBasedTests {
    /// The model: a panel's state, and what each command does to it.
    enum Model: String {
        case draft, scheduled, inSession = "in_session", closed, cancelled

        func after(_ command: String) -> Model? {
            switch (self, command) {
            case (.draft, "schedule"): .scheduled
            case (.draft, "reschedule"), (.scheduled, "reschedule"): self
            case (.draft, "cancel"), (.scheduled, "cancel"): .cancelled
            case (.scheduled, "open"): .inSession
            case (.inSession, "close"): .closed
            default: nil
            }
        }
    }

    static let commands = ["schedule", "reschedule", "open", "close", "cancel"]

    @Test func panelCommands_matchTheModel() async throws {
        let sequences = Int(ProcessInfo.processInfo.environment["QUORUM_MODEL_SEQUENCES"] ?? "") ?? 60
        // The coordinator plans on the test's day; the session opens and closes on the day the panel sits.
        let day = MovableDay()
        let services = try await TestEnvironment.services(clock: day.clock)
        let org = try await TestOrganisation.make(services: services)
        let extra = try await PanelRouteTests.extra(org, services: services)
        let today = TestEnvironment.today
        let divergences = Divergences()
        try await withQuorum(services) { (client) async throws -> Void in
            await propertyCheck(count: sequences, input: Gen.int(in: 0...4).array(of: 1...8)) { picks in
                do {
                    day.move(to: today)
                    let created = try await client.call(.post, "/v1/panels", token: org.coordinator.token, body: """
                        {"sitsOn": "\(today.adding(days: 30))", "startsAt": "10:00", "endsAt": "11:00", "location": "Room 2", "capacity": 3,
                         "evidenceDeadline": "\(today.adding(days: 20))", "chairId": "\(org.panelMember.id)",
                         "memberIds": ["\(extra.members[0].id)", "\(extra.members[1].id)"]}
                        """)
                    guard created.status == 201, let id = created.string("id") else { await divergences.add("create: \(created.status)"); return }
                    var model = Model.draft
                    var etag = created.headers[.eTag] ?? ""
                    for pick in picks {
                        let command = Self.commands[pick]
                        let body = command == "reschedule" ? #"{"event": "reschedule", "reason": "Room change", "location": "Room 3"}"#
                            : command == "cancel" ? #"{"event": "cancel", "reason": "Too few cases"}"# : #"{"event": "\#(command)"}"#
                        day.move(to: command == "open" || command == "close" ? today.adding(days: 30) : today)
                        let response = try await client.call(.post, "/v1/panels/\(id)/events", token: org.coordinator.token, headers: [.ifMatch: etag], body: body)
                        let expected = model.after(command)
                        switch (expected, response.status) {
                        case (let next?, 200):
                            model = next
                            etag = response.headers[.eTag] ?? etag
                            if response.string("state") != next.rawValue { await divergences.add("\(picks): \(command) gave \(response.string("state") ?? "?")") }
                        case (nil, 409):
                            break
                        default:
                            await divergences.add("\(picks): \(command) in \(model) answered \(response.status), model says \(expected.map { $0.rawValue } ?? "refused")")
                        }
                    }
                    let final = try await client.call(.get, "/v1/panels/\(id)", token: org.coordinator.token)
                    if final.string("state") != model.rawValue { await divergences.add("\(picks): ends \(final.string("state") ?? "?"), model \(model)") }
                } catch {
                    await divergences.add("\(picks): \(error)")
                }
            }
        }
        let found = await divergences.all
        print("FIGURE model_divergences \(found.count) (of \(sequences) sequences)")
        #expect(found.isEmpty, "\(found.prefix(5))")
    }
}

/// Divergences collected across the property check's runs.
actor Divergences {
    private(set) var all: [String] = []

    func add(_ divergence: String) {
        all.append(divergence)
    }
}
