@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// Whatever a client sends, the answer is a 4xx problem, never a 500.
@Suite struct ProblemTests {
    /// Malformed JSON, non-objects, empty bodies and oversized bodies.
    @Test func badBodies_are4xxProblems() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            for (body, status, kind) in [
                ("{\"nqswId\": ", 400, "malformed-json"), ("[1, 2]", 400, "malformed-json"), ("", 400, "malformed-json"),
                ("\"text\"", 400, "malformed-json"), ("{}", 422, "validation"), ("null", 400, "malformed-json"),
            ] {
                let response = try await client.call(.post, "/v1/enrolments", token: org.coordinator.token, body: body)
                #expect(response.status == status, "body \(body)")
                #expect(response.problemKind == kind, "body \(body)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            let huge = "{\"reason\": \"" + String(repeating: "a", count: 300_000) + "\"}"
            let tooLarge = try await client.call(.post, "/v1/enrolments", token: org.coordinator.token, body: huge)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.problemKind == "too-large")
        }
    }

    /// Text with NUL, absurd numbers and odd unicode are refused or stored, never a 500.
    @Test func awkwardValues_neverCause500() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let path = "/v1/enrolments/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            for body in [
                #"{"reason": "nul \u0000 inside", "assessorId": "\#(org.otherAssessor.id)"}"#,
                #"{"fte": 1e308}"#, #"{"fte": -0}"#, #"{"fte": true}"#, #"{"startDate": "9999-12-31"}"#,
                #"{"startDate": "0000-01-01"}"#, #"{"assessorId": "\#(UUID())", "reason": "🦄"}"#, #"{"fte": [0.5]}"#,
            ] {
                let response = try await client.call(.patch, path, token: org.coordinator.token, headers: [.ifMatch: "\"v1\""], body: body)
                #expect((400..<500).contains(response.status), "body \(body) gave \(response.status)")
            }
            let badID = try await client.call(.get, "/v1/enrolments/not-a-uuid", token: org.coordinator.token)
            #expect(badID.status == 400)
            #expect(badID.problemFields == ["enrolmentId"])
        }
    }
}
