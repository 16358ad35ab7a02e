@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// POSTs with an Idempotency-Key can be sent again without doing twice what they do.
@Suite struct IdempotencyTests {

    @Test func replay_returnsFirstReplyAndCreatesNothing() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let concerns = "/v1/enrolments/\(org.enrolmentID)/concerns"
        let body = #"{"category": "progress", "severity": "developmental", "description": "Late recording"}"#
        try await withQuorum(services) { (client) async throws -> Void in
            let first = try await client.call(.post, concerns, token: org.assessor.token, headers: [.init("Idempotency-Key")!: "k-1"], body: body)
            #expect(first.status == 201)
            let replay = try await client.call(.post, concerns, token: org.assessor.token, headers: [.init("Idempotency-Key")!: "k-1"], body: body)
            #expect(replay.status == 201 && replay.text == first.text)
            #expect(replay.headers[.init("Idempotent-Replayed")!] == "true")
            let reused = try await client.call(.post, concerns, token: org.assessor.token, headers: [.init("Idempotency-Key")!: "k-1"],
                                               body: #"{"category": "progress", "severity": "developmental", "description": "Something else"}"#)
            #expect(reused.status == 422 && reused.problemKind == "idempotency-key-reused" && reused.problemFields == ["Idempotency-Key"])
            // Keys are per person: the line manager's k-1 is their own.
            #expect(try await client.call(.post, concerns, token: org.lineManager.token, headers: [.init("Idempotency-Key")!: "k-1"], body: body).status == 201)
            // A refusal is kept too: replaying it refuses again, identically.
            let invalid = try await client.call(.post, concerns, token: org.assessor.token, headers: [.init("Idempotency-Key")!: "k-2"], body: "{}")
            let invalidAgain = try await client.call(.post, concerns, token: org.assessor.token, headers: [.init("Idempotency-Key")!: "k-2"], body: "{}")
            #expect(invalid.status == 422 && invalidAgain.status == 422 && invalid.text == invalidAgain.text)
            #expect(try await client.call(.post, concerns, token: org.assessor.token, headers: [.init("Idempotency-Key")!: "has space"], body: body).status == 400)
            let listed = try await client.call(.get, concerns, token: org.coordinator.token)
            guard case .array(let items) = listed["items"] else { Issue.record("no items"); return }
            #expect(items.count == 2, "one concern each from the assessor and the line manager")
        }
    }

    /// Eight copies at once: one creates, the rest get its reply or are told it is in progress.
    @Test func concurrentReplays_createOnce() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let concerns = "/v1/enrolments/\(org.enrolmentID)/concerns"
        let body = #"{"category": "conduct", "severity": "serious", "description": "Missed statutory visit"}"#
        try await withQuorum(services) { (client) async throws -> Void in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await client.call(.post, concerns, token: org.assessor.token, headers: [.init("Idempotency-Key")!: "same"], body: body).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 } && statuses.contains(201), "\(statuses)")
            let listed = try await client.call(.get, concerns, token: org.coordinator.token)
            guard case .array(let items) = listed["items"] else { Issue.record("no items"); return }
            #expect(items.count == 1)
        }
    }
}
