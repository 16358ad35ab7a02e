internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// The panel's decision on a case: recorded by a deciding member, signed by
/// the chair (only then does it take effect), corrected only by a coordinator.
struct PanelDecisionRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/decision", operationID: "recordPanelDecision", record)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/decision/signature", operationID: "signPanelDecision", sign)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/decision/corrections", operationID: "correctPanelDecision", correct)
    }

    /// The panel (locked), the case and its recommendation, for a decision step.
    private struct Hearing {
        var panel: PanelRecord
        var view: PanelView
        var record: PanelCaseRecord
        var parties: PanelComposition.CaseParties
        var recommendation: RecommendationRecord
    }

    private static func hearing(_ context: QuorumContext, caller: Caller, on connection: PQConnection) throws -> Hearing {
        let panel = try PanelRoutes.visiblePanel(try PanelRoutes.panelID(context), caller: caller, lock: true, on: connection)
        let view = try PanelView.load(panel, organisation: caller.organisationID, on: connection)
        let record = try PanelRoutes.panelCase(try PanelRoutes.caseID(context), in: view)
        guard let parties = view.parties(record),
              let recommendation = try RecommendationRepository.find(for: record.enrolmentID, organisation: caller.organisationID, on: connection)
        else { throw Problem.notFound("case") }
        return Hearing(panel: panel, view: view, record: record, parties: parties, recommendation: recommendation)
    }

    private static func currentVersion(_ recommendation: RecommendationRecord) -> Int {
        recommendation.versions.last?.number ?? 1
    }

    private static func refuse(_ error: any Error) -> any Error {
        guard let error = error as? PanelDecisionMachine.TransitionError else { return error }
        return Problem.conflict("\(error.reason) (state: \(error.state.name))", kind: "case-transition-refused")
    }

    @Sendable func record(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let version = fields.int("recommendationVersion", range: 1...1000)
        let kind = fields.choice("kind", as: PanelDecision.Kind.self)
        let outcome = fields.choice("outcome", required: false, as: RecommendedOutcome.self)
        let reasons = fields.string("reasons", required: false, maxLength: 8000)
        let evidence = fields.string("evidenceRequired", required: false, maxLength: 8000)
        let deadline = fields.day("deadline", required: false)
        try fields.finish()
        guard let version, let kind else { throw Problem.internalError(requestID: context.requestID) }
        let expected = try ETag.optionalVersion(request)
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> PanelCaseBody in
            var hearing = try Self.hearing(context, caller: caller, on: connection)
            guard PanelAccess.sits(caller, members: hearing.panel.memberIDs),
                  hearing.panel.composition.deciders(for: hearing.parties).contains(caller.personID) else {
                throw Problem.forbidden("The decision is recorded by a member of this panel free to decide the case.")
            }
            if let expected, expected != hearing.record.version { throw Problem.stale(current: hearing.record.version) }
            guard hearing.panel.machine.state == .inSession else {
                throw Problem.conflict("The panel is \(hearing.panel.machine.state.name); decisions are recorded in session.", kind: "panel-not-in-session")
            }
            guard hearing.panel.composition.deciders(for: hearing.parties).count >= hearing.panel.quorum else {
                throw Problem.conflict("Too few members free of conflict remain to decide this case (quorum \(hearing.panel.quorum)); the coordinator must move it.",
                                       kind: "not-quorate")
            }
            let current = Self.currentVersion(hearing.recommendation)
            guard version == current else {
                throw Problem.conflict("The recommendation was amended after the pack was issued (now version \(current)); read the pack again and decide on it.",
                                       kind: "recommendation-amended")
            }
            let recommended = hearing.recommendation.versions.last?.outcome ?? .fail
            let decision = try PanelDecision.make(kind: kind, recommended: recommended, recommendationVersion: version, differentOutcome: outcome,
                                                  reasons: reasons, evidenceRequired: evidence, deadline: deadline, today: today)
            do { _ = try hearing.record.machine.apply(.record(decision)) } catch { throw Self.refuse(error) }
            let actor = PanelRoutes.actor(caller, requestID)
            let recorded = try PanelCaseRepository.insertDecision(decision, case: hearing.record, recordedBy: caller.personID, on: today,
                                                                  organisation: caller.organisationID, on: connection)
            guard try PanelCaseRepository.save(hearing.record, organisation: caller.organisationID, action: "panel_case.decision_recorded", reason: decision.reasons,
                                               changes: recorded, actor: actor, on: connection)
            else { throw Problem.stale(current: hearing.record.version + 1) }
            let view = try PanelView.load(hearing.panel, organisation: caller.organisationID, on: connection)
            return PanelCaseBody(try PanelRoutes.panelCase(hearing.record.id, in: view), view: view,
                                 names: PanelAccess.seesNames(caller, anonymised: hearing.panel.anonymised))
        }
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version))
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        let expected = try ETag.optionalVersion(request)
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> PanelCaseBody in
            var hearing = try Self.hearing(context, caller: caller, on: connection)
            guard caller.personID == hearing.panel.chairID, PanelAccess.sits(caller, members: hearing.panel.memberIDs) else {
                throw Problem.forbidden("The panel's chair signs its decisions.")
            }
            if let expected, expected != hearing.record.version { throw Problem.stale(current: hearing.record.version) }
            guard hearing.panel.machine.state == .inSession else {
                throw Problem.conflict("The panel is \(hearing.panel.machine.state.name); decisions are signed in session.", kind: "panel-not-in-session")
            }
            guard let recorded = hearing.record.decision else { throw Problem.conflict("No decision has been recorded.", kind: "case-transition-refused") }
            let current = Self.currentVersion(hearing.recommendation)
            guard recorded.decision.recommendationVersion == current else {
                throw Problem.conflict("The recommendation was amended after this decision was recorded (now version \(current)); the coordinator releases the case to list it again.",
                                       kind: "recommendation-amended")
            }
            let effects: [PanelDecisionMachine.Effect]
            do { effects = try hearing.record.machine.apply(.sign) } catch { throw Self.refuse(error) }
            let actor = PanelRoutes.actor(caller, requestID, chair: true)
            let organisation = caller.organisationID
            let signature = try PanelCaseRepository.sign(recorded, case: hearing.record, on: today, organisation: organisation, actor: actor, on: connection)
            guard try PanelCaseRepository.save(hearing.record, organisation: organisation, action: "panel_case.decision_signed", reason: nil,
                                               changes: signature, actor: actor, on: connection)
            else { throw Problem.stale(current: hearing.record.version + 1) }
            let final = recorded.decision.outcome.final != nil
            do {
                _ = try hearing.recommendation.machine.apply(final ? .decide(onVersion: current) : .deferJudgement(onVersion: current))
            } catch let error as RecommendationMachine.TransitionError {
                throw Problem.conflict("\(error.reason) (state: \(error.state.name))", kind: "recommendation-transition-refused")
            }
            guard try RecommendationRepository.save(hearing.recommendation, creating: false, expectedVersion: hearing.recommendation.version, newVersion: nil,
                                                    organisation: organisation, action: final ? "recommendation.decided" : "recommendation.deferred",
                                                    reason: recorded.decision.reasons, actor: actor, on: connection)
            else { throw Problem.stale(current: hearing.recommendation.version + 1) }
            for effect in effects {
                switch effect {
                case .closesYear(let outcome):
                    try PanelCaseRepository.closeYear(hearing.record.enrolmentID, outcome: outcome, organisation: organisation, actor: actor, on: connection)
                case .relistAfter:
                    try Self.relist(hearing.record.enrolmentID, today: today, organisation: organisation, actor: actor, on: connection)
                case .recorded, .signed, .referredBack, .corrected, .released:
                    break
                }
            }
            let view = try PanelView.load(hearing.panel, organisation: organisation, on: connection)
            return PanelCaseBody(try PanelRoutes.panelCase(hearing.record.id, in: view), view: view,
                                 names: PanelAccess.seesNames(caller, anonymised: hearing.panel.anonymised))
        }
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    /// Lists a deferred case at the first suitable scheduled panel after its deadline, if there is one.
    static func relist(_ enrolment: EnrolmentID, today: CalendarDay, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        guard let record = try EnrolmentRepository.find(enrolment, in: organisation, on: connection) else { return }
        let panels = try PanelRepository.panels(in: organisation, on: connection).filter { $0.machine.state == .scheduled }
        let listed = Dictionary(grouping: try PanelCaseRepository.cases(panels: panels.map(\.id), organisation: organisation, on: connection)
            .filter(\.machine.state.isPending), by: \.panelID).mapValues(\.count)
        let candidates = panels.map {
            PanelAllocation.Candidate(state: $0.machine.state, schedule: $0.schedule, composition: $0.composition, listed: listed[$0.id] ?? 0)
        }
        let deadline = try PanelRoutes.caseDeadline(enrolment, organisation: organisation, on: connection)
        guard let index = PanelAllocation.firstSuitable(candidates, parties: PanelView.parties(record.enrolment, nil), caseDeadline: deadline, today: today)
        else { return }
        _ = try PanelRoutes.list(record, at: panels[index], today: today, organisation: organisation, actor: actor, on: connection)
    }

    @Sendable func correct(_ request: Request, context: QuorumContext) async throws -> Response {
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let outcome = fields.choice("outcome", as: RecommendedOutcome.self)
        let reason = fields.string("reason", maxLength: 4000)
        if let reason, reason.trimmingCharacters(in: .whitespaces).isEmpty { fields.add("reason", "Say why the decision is corrected.") }
        try fields.finish()
        guard let outcome, let reason else { throw Problem.internalError(requestID: context.requestID) }
        let body = try await services.write(context) { connection, caller, requestID -> PanelCaseBody in
            guard PanelAccess.canManage(caller) else { throw Problem.forbidden("Only an ASYE coordinator corrects a recorded decision.") }
            var hearing = try Self.hearing(context, caller: caller, on: connection)
            guard hearing.record.version == (expected ?? hearing.record.version) else { throw Problem.stale(current: hearing.record.version) }
            guard let decision = hearing.record.decision else { throw Problem.conflict("The case has no decision.", kind: "case-transition-refused") }
            let corrected = PanelDecision.Outcome(outcome)
            do { _ = try hearing.record.machine.apply(.correct(to: corrected, reason: reason)) } catch { throw Self.refuse(error) }
            let actor = Actor(personID: caller.personID, role: Role.coordinator.rawValue, requestID: requestID)
            let correction = try PanelCaseRepository.insertCorrection(of: decision, case: hearing.record, to: corrected, reason: reason,
                                                                      organisation: caller.organisationID, actor: actor, on: connection)
            guard try PanelCaseRepository.save(hearing.record, organisation: caller.organisationID, action: "panel_case.decision_corrected", reason: reason,
                                               changes: correction, actor: actor, on: connection)
            else { throw Problem.stale(current: hearing.record.version + 1) }
            try PanelCaseRepository.closeYear(hearing.record.enrolmentID, outcome: outcome, organisation: caller.organisationID, actor: actor, on: connection)
            let view = try PanelView.load(hearing.panel, organisation: caller.organisationID, on: connection)
            return PanelCaseBody(try PanelRoutes.panelCase(hearing.record.id, in: view), view: view, names: true)
        }
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version))
    }
}
