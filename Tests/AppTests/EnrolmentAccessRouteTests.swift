@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows

/// Need-to-know on enrolments, through the HTTP API.
@Suite struct EnrolmentAccessRouteTests {
    /// Who may read one enrolment: its NQSW, assessor, line manager and the coordinator; others get 404.
    @Test func getEnrolment_followsNeedToKnow() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let foreign = try await TestOrganisation.make(services: services)
        let path = "/v1/enrolments/\(org.enrolmentID)"
        try await withQuorum(services) { (client) async throws -> Void in
            for member in [org.nqsw, org.assessor, org.lineManager, org.coordinator] {
                let response = try await client.call(.get, path, token: member.token)
                #expect(response.status == 200)
                #expect(response.headers[.eTag] == "\"v1\"")
            }
            for member in [org.otherAssessor, org.otherNQSW, org.panelMember, foreign.coordinator, foreign.assessor] {
                let response = try await client.call(.get, path, token: member.token)
                #expect(response.status == 404, "records outside need-to-know do not exist for the caller")
                #expect(response.problemKind == "not-found")
            }
        }
    }

    /// Lists show each caller only what they may see.
    @Test func listEnrolments_isFilteredPerCaller() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            func ids(_ token: String) async throws -> [String] {
                let response = try await client.call(.get, "/v1/enrolments", token: token)
                guard case .array(let items) = response["items"] else { return [] }
                return items.compactMap { item in
                    if case .object(let object) = item, case .string(let id) = object["id"] { return id }
                    return nil
                }
            }
            #expect(try await ids(org.assessor.token) == [org.enrolmentID.description])
            #expect(try await ids(org.nqsw.token) == [org.enrolmentID.description])
            #expect(try await ids(org.coordinator.token) == [org.enrolmentID.description])
            #expect(try await ids(org.otherAssessor.token) == [])
            #expect(try await ids(org.otherNQSW.token) == [])
            let badLimit = try await client.call(.get, "/v1/enrolments?limit=0", token: org.coordinator.token)
            #expect(badLimit.status == 422)
            #expect(badLimit.problemFields == ["limit"])
        }
    }

    /// Only coordinators see the directory and the audit history; assessors are refused with 403.
    @Test func coordinatorOnlyRoutes_refuseOthers() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { (client) async throws -> Void in
            #expect(try await client.call(.get, "/v1/people", token: org.coordinator.token).status == 200)
            #expect(try await client.call(.get, "/v1/people", token: org.assessor.token).status == 403)
            #expect(try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/audit", token: org.coordinator.token).status == 200)
            #expect(try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/audit", token: org.assessor.token).status == 403)
            #expect(try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/audit", token: org.otherAssessor.token).status == 404)
        }
    }
}
