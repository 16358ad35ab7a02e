import App
import Domain
import Foundation
import PQ
import Store
import Workflows

/// A fresh employer for one test: the people a workflow needs, each with a token.
/// Every test makes its own, so tests run in parallel without seeing each other.
struct TestOrganisation: Sendable {
    struct Member: Sendable {
        let id: PersonID
        let token: String
    }

    let id: OrganisationID
    let coordinator: Member
    let assessor: Member
    let otherAssessor: Member
    let lineManager: Member
    let nqsw: Member
    let otherNQSW: Member
    let panelMember: Member
    let psw: Member
    let hr: Member
    /// An enrolment of `nqsw`, assessed by `assessor`, managed by `lineManager`.
    let enrolmentID: EnrolmentID

    static func make(services: QuorumServices) async throws -> TestOrganisation {
        let today = services.runner.clock.today()
        return try await services.pool.transaction { connection in
            let tag = UUID().uuidString.prefix(8).lowercased()
            let organisation = try PeopleRepository.createOrganisation(name: "Test employer \(tag)", actor: .system, on: connection)
            func member(_ name: String, _ roles: [Role]) throws -> Member {
                let person = try PeopleRepository.createPerson(
                    organisation: organisation, email: "\(name)-\(tag)@test.example", name: "\(name.capitalized) \(tag)",
                    roles: roles, actor: .system, on: connection)
                let token = try Tokens.issue(for: person.id, organisation: organisation, label: "test", validFor: 3600, actor: .system, on: connection)
                return Member(id: person.id, token: token.secret)
            }
            let coordinator = try member("coordinator", [.coordinator])
            let assessor = try member("assessor", [.assessor])
            let otherAssessor = try member("other-assessor", [.assessor])
            let lineManager = try member("manager", [.lineManager])
            let nqsw = try member("nqsw", [.nqsw])
            let otherNQSW = try member("other-nqsw", [.nqsw])
            let panelMember = try member("panel", [.panelMember])
            let psw = try member("psw", [.psw])
            let hr = try member("hr", [.hr])
            let enrolment = Enrolment(
                id: .random(), organisationID: organisation, nqswID: nqsw.id, setting: .childAndFamily,
                startDate: today.adding(months: -13), fte: .fullTime, assessorID: assessor.id, lineManagerID: lineManager.id)
            try EnrolmentRepository.insert(enrolment, actor: .system, on: connection)
            return TestOrganisation(
                id: organisation, coordinator: coordinator, assessor: assessor, otherAssessor: otherAssessor,
                lineManager: lineManager, nqsw: nqsw, otherNQSW: otherNQSW, panelMember: panelMember, psw: psw, hr: hr, enrolmentID: enrolment.id)
        }
    }
}

extension TestOrganisation {
    /// Adds a person with `roles` to `organisation`, with a token: people a
    /// test needs beyond the standard cast.
    static func member(_ name: String, _ roles: [Role], tag: String, organisation: OrganisationID, on connection: PQConnection) throws -> Member {
        let person = try PeopleRepository.createPerson(organisation: organisation, email: "\(name)-\(tag)@test.example", name: "\(name.capitalized) \(tag)",
                                                       roles: roles, actor: .system, on: connection)
        let token = try Tokens.issue(for: person.id, organisation: organisation, label: "test", validFor: 3600, actor: .system, on: connection)
        return Member(id: person.id, token: token.secret)
    }
}

extension PQPool {
    /// A transaction that sees one organisation's rows, as the server's do under
    /// row-level security: tests read what they check through it.
    func inOrganisation<T: Sendable>(_ organisation: OrganisationID, _ body: @escaping @Sendable (PQConnection) throws -> T) async throws -> T {
        try await transaction { connection in
            try Tenancy.enter(organisation, on: connection)
            return try body(connection)
        }
    }
}
