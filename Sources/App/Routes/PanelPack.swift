internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// What a panel (or a moderator) reads for one case: the recommendation as
/// listed with its snapshot findings, how often the case was deferred, the
/// tracker, the reviews, the evidence matrix, any support and action plan, and
/// whether a fitness-to-practise matter went to the PSW (its outcome, never
/// the PSW's private notes or the referral pack). Anonymised, it names no one.
struct PanelPackBody: Encodable, Sendable {
    struct RecommendationPart: Encodable, Sendable {
        var state: String
        var version: Int
        var outcome: String
        var rationale: String
        var borderline: Bool
        var grade: Int?
        var justifications: [String: String]
        var snapshot: JSONValue?
        var amendments: Int
        var submittedOn: String
    }

    struct TrackerPart: Encodable, Sendable {
        var overdue: Int
        var lines: [TrackerBody.Line]
    }

    struct FitnessToPractise: Encodable, Sendable {
        var escalated: Bool
        var state: String?
        var action: String?
        var referralGrounds: [String]
    }

    var label: String
    var anonymised: Bool
    var enrolmentId: String?
    var nqswName: String?
    var assessorName: String?
    var lineManagerName: String?
    var asOf: String
    var recommendation: RecommendationPart?
    var deferrals: Int
    var tracker: TrackerPart
    var reviews: [ReviewBody]
    var matrix: MatrixBody
    var supportPlans: [PlanBody]
    var fitnessToPractise: FitnessToPractise

    /// Builds the pack from the store; `anonymised` drops every name and id.
    static func build(_ record: EnrolmentRecord, label: String, anonymised: Bool, asOf: CalendarDay, on connection: PQConnection) throws -> PanelPackBody {
        let enrolment = record.enrolment
        let organisation = enrolment.organisationID
        guard let frameworks = try FrameworkRepository.pinned(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID, on: connection) else {
            throw Problem.notFound("case")
        }
        let clock = try ClockRepository.clock(for: enrolment, on: connection)
        let items = try EvidenceRepository.items(of: enrolment.id, organisation: organisation, on: connection)
        let tracker = try TrackerRoutes.tracker(record, asOf: asOf, on: connection)
        let recommendation = try RecommendationRepository.find(for: enrolment.id, organisation: organisation, on: connection).flatMap { found -> RecommendationPart? in
            guard let latest = found.versions.last else { return nil }
            return RecommendationPart(
                state: found.machine.state.name, version: latest.number, outcome: latest.outcome.rawValue, rationale: latest.rationale,
                borderline: latest.borderline, grade: latest.grade, justifications: latest.justifications,
                snapshot: try? JSONDecoder().decode(JSONValue.self, from: Data(latest.snapshot.utf8)), amendments: found.versions.count - 1,
                submittedOn: latest.submittedOn.description)
        }
        let escalations = try EscalationRepository.escalations(in: organisation, enrolment: enrolment.id, on: connection)
        let latest = escalations.last
        var action: String?
        var grounds: [String] = []
        if case .decided(let decision)? = latest?.machine.state {
            action = decision.action.rawValue
            grounds = decision.referralGrounds.map(\.rawValue)
        }
        return PanelPackBody(
            label: label, anonymised: anonymised, enrolmentId: anonymised ? nil : enrolment.id.description,
            nqswName: anonymised ? nil : record.nqswName, assessorName: anonymised ? nil : record.assessorName,
            lineManagerName: anonymised ? nil : record.lineManagerName, asOf: asOf.description, recommendation: recommendation,
            deferrals: try PanelCaseRepository.deferrals(of: enrolment.id, organisation: organisation, on: connection),
            tracker: TrackerPart(overdue: tracker.overdue, lines: TrackerBody(record: record, tracker: tracker, asOf: asOf).lines),
            reviews: try ReviewRepository.reviews(of: enrolment.id, organisation: organisation, on: connection).map(ReviewBody.init),
            matrix: MatrixBody(EvidenceMatrix.build(items: items, frameworks: frameworks, clock: clock, asOf: asOf), asOf: asOf),
            supportPlans: try SupportPlanRepository.plans(of: enrolment.id, organisation: organisation, on: connection).map(PlanBody.init),
            fitnessToPractise: FitnessToPractise(escalated: latest != nil, state: latest?.machine.state.name, action: action, referralGrounds: grounds))
    }
}

/// The pack route for panel members and coordinators.
struct PanelPackRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "panels/{panelId}/cases/{caseId}/pack", operationID: "getPanelPack", pack)
    }

    @Sendable func pack(_ request: Request, context: QuorumContext) async throws -> Response {
        let panelID = try PanelRoutes.panelID(context)
        let caseID = try PanelRoutes.caseID(context)
        let today = services.today()
        let requestID = context.requestID
        let body = try await services.read(context) { connection, caller -> PanelPackBody in
            let panel = try PanelRoutes.visiblePanel(panelID, caller: caller, on: connection)
            let view = try PanelView.load(panel, organisation: caller.organisationID, on: connection)
            let record = try PanelRoutes.panelCase(caseID, in: view)
            guard let enrolment = view.enrolments[record.enrolmentID], let parties = view.parties(record) else { throw Problem.notFound("case") }
            guard PanelAccess.canReadPack(caller, state: panel.machine.state, composition: panel.composition, parties: parties) else {
                throw Problem.forbidden(panel.machine.state.packsOpen
                    ? "You are conflicted for this case and do not read its pack."
                    : "Packs are open to members from scheduling until the panel closes.")
            }
            try AuditLog.recordReads(of: .panelCase, [record.id.uuid], action: "panel_case.pack_read", organisation: caller.organisationID,
                                     actor: PanelRoutes.actor(caller, requestID), on: connection)
            return try PanelPackBody.build(enrolment, label: "Case \(record.caseNumber)",
                                           anonymised: !PanelAccess.seesNames(caller, anonymised: panel.anonymised), asOf: today, on: connection)
        }
        return try JSONResponse.make(body)
    }
}
