internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Moderation: a coordinator draws a reproducible sample of decided cases;
/// assigned moderators (internal, or external and anonymised) record agree or
/// disagree against the four criteria; a disagreement is a dispute the panel
/// chair and the moderator settle on the evidence.
struct ModerationRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "moderation/samples", operationID: "listModerationSamples", list)
        table.add(group, prefix: prefix, .post, "moderation/samples", operationID: "drawModerationSample", draw)
        table.add(group, prefix: prefix, .get, "moderation/samples/{sampleId}", operationID: "getModerationSample", one)
        table.add(group, prefix: prefix, .get, "moderation/samples/{sampleId}/cases/{number}/pack", operationID: "getModerationPack", pack)
        table.add(group, prefix: prefix, .post, "moderation/samples/{sampleId}/cases/{number}/reviews", operationID: "reviewModerationCase", review)
        table.add(group, prefix: prefix, .post, "moderation/samples/{sampleId}/disputes/{disputeId}/resolution", operationID: "settleModerationDispute", settle)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(["items": try await services.run(ListModerationSamples(), context).map(ModerationSampleBody.init)])
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(ModerationSampleBody(try await services.run(GetModerationSample(try context.uuid("sampleId")), context)))
    }

    @Sendable func draw(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let body = ModerationSampleBody(try await services.run(try DrawModerationSample.parse(&fields), context))
        return try JSONResponse.make(body, status: .created, location: "/v1/moderation/samples/\(body.id)")
    }

    @Sendable func pack(_ request: Request, context: QuorumContext) async throws -> Response {
        let reading = try await services.run(ReadModerationPack(try context.uuid("sampleId"), number: try Self.caseNumber(context)), context)
        return try AnonymisedPack.response(PanelPackBody(reading))
    }

    @Sendable func review(_ request: Request, context: QuorumContext) async throws -> Response {
        let sample = try context.uuid("sampleId")
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let verdict = try ModerationReview.parse(&fields)
        let body = ModerationSampleBody(try await services.run(ReviewModerationCase(sample, number: try Self.caseNumber(context), review: verdict), context))
        return try JSONResponse.make(body, status: .created)
    }

    @Sendable func settle(_ request: Request, context: QuorumContext) async throws -> Response {
        let (sample, dispute) = (try context.uuid("sampleId"), try context.uuid("disputeId"))
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let given = fields.reason("resolution", maxLength: 8000, whenBlank: "Record how the dispute was settled on the evidence.")
        let evidence = fields.ids("citedEvidenceIds", as: EvidenceID.self, message: "Expected evidence item ids (UUIDs).").map(\.uuid)
        let reviews = fields.ids("citedReviewIds", as: ReviewID.self, message: "Expected review ids (UUIDs).").map(\.uuid)
        let referring = fields.bool("referToPanel", required: false) ?? false
        let settling = SettleModerationDispute(sample, dispute: dispute, expectedVersion: expected, resolution: try fields.finish(given),
                                               citedEvidence: evidence, citedReviews: reviews, referToPanel: referring)
        return try JSONResponse.make(ModerationSampleBody(try await services.run(settling, context)))
    }

    /// The `{number}` of a case in a sample; anything but a number is no such case.
    static func caseNumber(_ context: QuorumContext) throws -> Int {
        guard let text = context.parameters.get("number"), let number = Int(text) else { throw Problem.notFound("case") }
        return number
    }
}
