internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The panel's decision on a case: recorded by a deciding member, signed by
/// the chair (only then does it take effect), corrected only by a coordinator.
struct PanelDecisionRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/decision", operationID: "recordPanelDecision", record)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/decision/signature", operationID: "signPanelDecision", sign)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/decision/corrections", operationID: "correctPanelDecision", correct)
    }

    @Sendable func record(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, caseID): (PanelID, PanelCaseID) = (try context.id("panelId"), try context.id("caseId"))
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let proposal = try PanelDecisionProposal.parse(&fields)
        let recording = RecordPanelDecision(id, caseID, expectedVersion: try ETag.optionalVersion(request), proposal: proposal)
        let body = PanelCaseBody(try await services.run(recording, context))
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version))
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        let signing = SignPanelDecision(try context.id("panelId"), try context.id("caseId"), expectedVersion: try ETag.optionalVersion(request))
        let body = PanelCaseBody(try await services.run(signing, context))
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func correct(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, caseID): (PanelID, PanelCaseID) = (try context.id("panelId"), try context.id("caseId"))
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let outcome = fields.choice("outcome", as: RecommendedOutcome.self)
        let given = fields.reason(whenBlank: "Say why the decision is corrected.")
        let (chosen, reason) = try fields.finish(outcome, given)
        let correcting = CorrectPanelDecision(id, caseID, expectedVersion: expected, outcome: chosen, reason: reason)
        let body = PanelCaseBody(try await services.run(correcting, context))
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version))
    }
}
