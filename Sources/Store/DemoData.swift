public import Domain
public import PQ
internal import Foundation

/// One realistic (fictional) employer to try Quorum with: a coordinator, a
/// PSW, four assessors, a line manager, three panel members, a moderator and
/// twelve NQSWs at different points of their year, with evidence, supervision,
/// reviews, a support plan under review and an escalation (``DemoPortfolios``).
public enum DemoData {
    /// The demo organisation's fixed id, so loading twice finds it.
    public static let organisationID = OrganisationID(UUID(uuidString: "0d3e5a1c-9b7f-4c2e-8a11-5f0c7e2d4b60")!)

    /// A person who can sign in, with a fresh token.
    public struct Login: Sendable, Codable, Hashable {
        public var email: String
        public var name: String
        public var roles: [String]
        public var token: String
    }

    struct Member {
        var email: String
        var name: String
        var roles: [Role]
    }

    static let staff: [Member] = [
        Member(email: "coordinator@northshire.example", name: "Priya Raman", roles: [.coordinator]),
        Member(email: "psw@northshire.example", name: "Gareth Llewellyn", roles: [.psw]),
        Member(email: "assessor1@northshire.example", name: "Hannah Okafor", roles: [.assessor, .panelMember]),
        Member(email: "assessor2@northshire.example", name: "Tom Whitfield", roles: [.assessor]),
        Member(email: "assessor3@northshire.example", name: "Aisha Begum", roles: [.assessor]),
        Member(email: "assessor4@northshire.example", name: "Declan Murphy", roles: [.assessor]),
        Member(email: "linemanager@northshire.example", name: "Rachel Green", roles: [.lineManager]),
        Member(email: "panel1@northshire.example", name: "Margaret Shaw", roles: [.panelMember]),
        Member(email: "panel2@northshire.example", name: "Imran Siddiqui", roles: [.panelMember]),
        Member(email: "panel3@northshire.example", name: "Fiona Campbell", roles: [.panelMember]),
        Member(email: "moderator@northshire.example", name: "Colin Baxter", roles: [.moderator]),
    ]

    /// How long ago each NQSW's year started (by index in ``nqswNames``).
    static let startedDaysAgo = [7, 43, 79, 115, 151, 187, 223, 259, 372, 680, 540, 430]

    static let nqswNames = [
        "Amelia Hughes", "Oliver Bennett", "Zara Ahmed", "Jack Robinson", "Chloe Evans", "Samuel Adeyemi",
        "Grace Thompson", "Lewis Patel", "Ella Morgan", "Noah Clarke", "Isla Fraser", "Kwame Mensah",
    ]

    /// Loads the employer if it is not there yet and issues a 30-day token
    /// for everyone (again on every run, so the printed tokens always work).
    public static func load(today: CalendarDay, on connection: PQConnection) throws -> [Login] {
        try Tenancy.enter(organisationID, on: connection)
        let exists = try connection.query("SELECT 1 FROM organisations WHERE id = \(organisationID)").count == 1
        if !exists { try create(today: today, on: connection) }
        var logins: [Login] = []
        for person in try PeopleRepository.people(in: organisationID, on: connection) {
            let token = try Tokens.issue(
                for: person.id, organisation: organisationID, label: "demo", validFor: 30 * 86_400, actor: .system, on: connection)
            logins.append(Login(email: person.email, name: person.name, roles: person.roles.map(\.rawValue), token: token.secret))
        }
        return logins.sorted { ($0.roles.first ?? "", $0.email) < ($1.roles.first ?? "", $1.email) }
    }

    private static func create(today: CalendarDay, on connection: PQConnection) throws {
        _ = try PeopleRepository.createOrganisation(id: organisationID, name: "Northshire County Council (demo)", actor: .system, on: connection)
        var people: [String: Person] = [:]
        for member in staff {
            people[member.email] = try PeopleRepository.createPerson(
                organisation: organisationID, email: member.email, name: member.name, roles: member.roles, actor: .system, on: connection)
        }
        let assessors = (1...4).map { people["assessor\($0)@northshire.example"]! }
        let lineManager = people["linemanager@northshire.example"]!
        var enrolments: [Enrolment] = []
        for (index, name) in nqswNames.enumerated() {
            let nqsw = try PeopleRepository.createPerson(
                organisation: organisationID, email: "nqsw\(index + 1)@northshire.example", name: name, roles: [.nqsw],
                actor: .system, on: connection)
            // Starts spread from just begun to nine months ago, then the years at
            // their end: Ella's final review has just fallen due; Kwame, Isla and
            // Noah (part-time, near the two-year cap) were heard at a past panel.
            let start = today.adding(days: -Self.startedDaysAgo[index])
            let fte = switch index {
            case 9: ContractedTime(fraction: 0.6)!
            case 10: ContractedTime(fraction: 0.8)!
            default: ContractedTime.fullTime
            }
            let enrolment = Enrolment(
                id: .random(), organisationID: organisationID, nqswID: nqsw.id,
                setting: index % 3 == 2 ? .adults : .childAndFamily, startDate: start, fte: fte,
                assessorID: assessors[index % 4].id, lineManagerID: lineManager.id)
            try EnrolmentRepository.insert(enrolment, actor: .system, on: connection)
            try DemoPortfolios.load(enrolment, index: index, lineManager: lineManager.id, today: today, on: connection)
            try DemoPortfolios.loadSupervision(enrolment, index: index, lineManager: lineManager.id, today: today, on: connection)
            try DemoPortfolios.loadReviews(enrolment, index: index, lineManager: lineManager.id, today: today, on: connection)
            try DemoPortfolios.loadConcerns(enrolment, index: index, lineManager: lineManager.id, today: today, on: connection)
            enrolments.append(enrolment)
        }
        try DemoPanels.load(enrolments: enrolments, people: people, today: today, on: connection)
    }
}
