import Domain
import Foundation
import PQ
import Store
import Testing
import Workflows

/// Use cases run directly — no HTTP — against the real database that `make
/// test` prepared, on a fixed date that is not today: every date rule reads
/// the runner's clock, so these tests pass on any day.
struct Harness: Sendable {
    /// A Wednesday in June, just past twelve months into the year the cast is
    /// enrolled for: every review has fallen due, so each can be recorded.
    static let today = CalendarDay(year: 2026, month: 6, day: 10)!
    static let yearStart = CalendarDay(year: 2025, month: 6, day: 1)!

    /// One person of the cast, and the credential they present.
    struct Member: Sendable {
        let id: PersonID
        let credential: Credential
    }

    let runner: UseCaseRunner
    let organisation: OrganisationID
    let coordinator: Member
    let assessor: Member
    let otherAssessor: Member
    let lineManager: Member
    let nqsw: Member
    let psw: Member
    let chair: Member
    let members: [Member]
    let enrolment: EnrolmentID

    /// Runs `useCase` as `member`.
    func run<U: UseCase>(_ useCase: U, as member: Member) async throws -> U.Output {
        try await runner.run(useCase, as: member.credential, requestID: "workflows-test")
    }

    /// The same cast and data, seen on another day.
    func on(_ day: CalendarDay) -> Harness {
        Harness(runner: UseCaseRunner(pool: runner.pool, clock: .fixed(day)), organisation: organisation, coordinator: coordinator, assessor: assessor,
                otherAssessor: otherAssessor, lineManager: lineManager, nqsw: nqsw, psw: psw, chair: chair, members: members, enrolment: enrolment)
    }

    /// A fresh organisation with its cast and one enrolment, on ``today``.
    static func make() async throws -> Harness {
        let pool = try await sharedPool.value
        return try await pool.transaction { connection in
            let tag = UUID().uuidString.prefix(8).lowercased()
            let organisation = try PeopleRepository.createOrganisation(name: "Workflows test \(tag)", actor: .system, on: connection)
            func member(_ name: String, _ roles: [Role]) throws -> Member {
                let person = try PeopleRepository.createPerson(
                    organisation: organisation, email: "\(name)-\(tag)@workflows.example", name: "\(name.capitalized) \(tag)", roles: roles,
                    actor: .system, on: connection)
                let token = try Tokens.issue(for: person.id, organisation: organisation, label: "test", validFor: 3600, actor: .system, on: connection)
                return Member(id: person.id, credential: .token(token.secret))
            }
            let coordinator = try member("coordinator", [.coordinator])
            let assessor = try member("assessor", [.assessor])
            let otherAssessor = try member("other-assessor", [.assessor])
            let lineManager = try member("manager", [.lineManager])
            let nqsw = try member("nqsw", [.nqsw])
            let psw = try member("psw", [.psw])
            let chair = try member("chair", [.panelMember])
            let members = try (1...2).map { try member("member\($0)", [.panelMember]) }
            let enrolment = Enrolment(id: .random(), organisationID: organisation, nqswID: nqsw.id, setting: .childAndFamily, startDate: yearStart,
                                      fte: .fullTime, assessorID: assessor.id, lineManagerID: lineManager.id)
            try EnrolmentRepository.insert(enrolment, actor: .system, on: connection)
            return Harness(runner: UseCaseRunner(pool: pool, clock: .fixed(today)), organisation: organisation, coordinator: coordinator,
                           assessor: assessor, otherAssessor: otherAssessor, lineManager: lineManager, nqsw: nqsw, psw: psw, chair: chair,
                           members: members, enrolment: enrolment.id)
        }
    }

    private static let sharedPool = Task<PQPool, any Error> {
        let owner = try environment("QUORUM_TEST_OWNER_URL")
        try Migrator(directory: migrations).migrate(on: try PQConnection.connect(owner))
        let pool = PQPool(configuration: .init(conninfo: try environment("QUORUM_TEST_DATABASE_URL"), maxConnections: 4, acquireTimeout: .seconds(60)))
        Task { try await pool.run() }
        return pool
    }

    private static func environment(_ name: String) throws -> String {
        let value = ProcessInfo.processInfo.environment[name] ?? ""
        try #require(!value.isEmpty, "\(name) is not set: run the suite with `make test`")
        return value
    }

    private static let migrations = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sql")
}

/// Whether `error` is a refusal with this code (and kind, if given).
func isRefusal(_ error: any Error, _ code: Refusal.Code, kind: String? = nil) -> Bool {
    guard let refusal = error as? Refusal, refusal.code == code else { return false }
    return kind.map { $0 == refusal.kind } ?? true
}

/// Whether `error` is a validation failure naming `field`.
func isInvalid(_ error: any Error, field: String) -> Bool {
    (error as? ValidationFailure)?.issues.contains { $0.field == field } == true
}

extension Harness {
    /// Adds someone beyond the cast.
    func addPerson(_ name: String, _ roles: [Role]) async throws -> Member {
        let organisation = self.organisation
        return try await runner.pool.transaction { connection in
            let tag = UUID().uuidString.prefix(8).lowercased()
            let person = try PeopleRepository.createPerson(organisation: organisation, email: "\(name)-\(tag)@workflows.example", name: "\(name) \(tag)",
                                                           roles: roles, actor: .system, on: connection)
            let token = try Tokens.issue(for: person.id, organisation: organisation, label: "test", validFor: 3600, actor: .system, on: connection)
            return Member(id: person.id, credential: .token(token.secret))
        }
    }

    /// The final review, held today (or on `heldOn`) and signed by all three.
    func signedFinalReview(heldOn: CalendarDay = Harness.today) async throws {
        let review = try await run(RecordReview(enrolment, NewReview(
            milestone: 12, heldOn: heldOn, progress: "Meets the KSS at ASYE level.", statements: [], assessorComments: "", lineManagerComments: "",
            agreedActions: "", assessorChangeCircumstances: nil, amends: nil, amendmentReason: nil)), as: assessor)
        var version = review.version
        for signer in [nqsw, assessor, lineManager] {
            version = try await run(SignReview(enrolment, review.id, expectedVersion: version), as: signer).version
        }
    }

    /// A critical reflection practised today, mapped to the first KSS statement.
    func evidence(_ kind: EvidenceKind = .directObservation, on day: CalendarDay = Harness.today, by member: Member? = nil) async throws -> EvidenceItem {
        try await run(AddEvidence(enrolment, NewEvidence(kind: kind, practiceDate: day, description: "A home visit", statements: ["KSS-CF-1", "PCF-7"],
                                                         file: nil)), as: member ?? nqsw)
    }
}

extension Harness {
    /// Every audit event of the cast's organisation: a refusal must add none.
    func auditEventCount() async throws -> Int {
        let organisation = self.organisation
        return try await runner.pool.transaction { connection in
            try Tenancy.enter(organisation, on: connection)
            return try connection.query("SELECT count(*)::int8 FROM audit_events WHERE organisation_id = \(organisation)")[0].decode(Int.self, at: 0)
        }
    }

    /// A review of `milestone` as the assessor records it.
    func review(_ milestone: Int, heldOn: CalendarDay) -> RecordReview {
        RecordReview(enrolment, NewReview(milestone: milestone, heldOn: heldOn, progress: "Progress against the KSS.", statements: [], assessorComments: "",
                                          lineManagerComments: "", agreedActions: "", assessorChangeCircumstances: nil, amends: nil, amendmentReason: nil))
    }
}

/// Whether `error` is a breach of `rule`, decided by `date`.
func isBreach(_ error: any Error, _ rule: RuleBreach.Rule, date: CalendarDay?) -> Bool {
    guard let breach = error as? RuleBreach else { return false }
    return breach.rule == rule && breach.date == date
}

/// A year's case heard at a panel: the final review signed, a PASS
/// recommended, a panel scheduled two weeks on with the case listed and —
/// unless `open` is false — opened on the day it sits.
struct ListedCase {
    let recommendation: RecommendationRecord
    let panel: PanelRecord
    let listed: PanelCaseRecord
    let sitsOn: CalendarDay
    /// The cast on the day the panel sits.
    let sitting: Harness
}

extension Harness {
    func listedCase(extraMembers: [Member] = [], deputy: PersonID? = nil, open: Bool = true) async throws -> ListedCase {
        try await signedFinalReview()
        let recommendation = try await run(SubmitRecommendation(enrolment, PanelWorkflowTests().proposal()), as: assessor)
        let sitsOn = Harness.today.adding(days: 14)
        let schedule = PanelSchedule(sitsOn: sitsOn, startsAt: 600, endsAt: 720, location: "Room 2", capacity: 6, evidenceDeadline: Harness.today.adding(days: 7))
        let panel = try await run(SchedulePanel(schedule: schedule, chair: chair.id, members: members.map(\.id) + extraMembers.map(\.id), scheduleNow: true,
                                                deputyChair: deputy), as: coordinator).agenda.panel
        let listed = try await run(ListCaseAtPanel(panel.id, enrolment: enrolment), as: coordinator).record
        let sitting = on(sitsOn)
        if open { _ = try await sitting.run(ApplyPanelEvent(panel.id, expectedVersion: panel.version, command: .open), as: chair) }
        return ListedCase(recommendation: recommendation, panel: panel, listed: listed, sitsOn: sitsOn, sitting: sitting)
    }
}
