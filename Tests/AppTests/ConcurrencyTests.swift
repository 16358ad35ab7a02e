@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Testing
import Workflows

/// Concurrent conflicting changes: exactly one wins, the others are told.
@Suite struct ConcurrencyTests {
    /// Eight coordinators' requests with the same If-Match: one 200, seven 412, one version bump, one audit event.
    @Test(arguments: 1...5)
    func samePrecondition_exactlyOneWins(trial: Int) async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let path = "/v1/enrolments/\(org.enrolmentID)"
        let statuses = try await withQuorum(services) { client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let fte = [0.5, 0.6, 0.7, 0.8][index % 4]
                        return try await client.call(.patch, path, token: org.coordinator.token, headers: [.ifMatch: "\"v1\""],
                                                     body: #"{"fte": \#(fte), "startDate": "\#(TestEnvironment.today.adding(days: -index))"}"#).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1, "statuses: \(statuses.sorted())")
        #expect(statuses.filter { $0 == 412 }.count == 7)
        let (version, events) = try await services.pool.inOrganisation(org.id) { connection in
            (try connection.query("SELECT version FROM enrolments WHERE id = \(org.enrolmentID)")[0].decode(Int.self, at: 0),
             try connection.query("SELECT count(*)::int8 FROM audit_events WHERE entity_id = \(org.enrolmentID.uuid) AND action = 'enrolment.changed'")[0].decode(Int.self, at: 0))
        }
        #expect(version == 2)
        #expect(events == 1)
    }
}
