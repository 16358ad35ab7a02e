internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The assessor's final recommendation: submitted with an immutable snapshot of
/// the sufficiency findings and evidence, amended only as a new version with a
/// reason, withdrawn with a reason before a decision.
struct RecommendationRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/recommendation", operationID: "getRecommendation", get)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/recommendation", operationID: "submitRecommendation", submit)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/recommendation/amendments", operationID: "amendRecommendation", amend)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/recommendation/withdrawal", operationID: "withdrawRecommendation", withdraw)
    }

    @Sendable func get(_ request: Request, context: QuorumContext) async throws -> Response {
        guard let record = try await services.run(GetRecommendation(try context.enrolmentID), context) else { throw Problem.notFound("recommendation") }
        return try JSONResponse.make(RecommendationBody(record), etag: ETag.make(record.version))
    }

    @Sendable func submit(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let proposal = RecommendationProposal.parse(&fields)
        let record = try await services.run(SubmitRecommendation(id, try fields.finish(proposal)), context)
        return try JSONResponse.make(RecommendationBody(record), status: .created, etag: ETag.make(record.version))
    }

    @Sendable func amend(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let proposal = RecommendationProposal.parse(&fields)
        let reason = fields.reason(whenBlank: "Say why the recommendation is amended.")
        let (given, why) = try fields.finish(proposal, reason)
        let record = try await services.run(AmendRecommendation(id, given, reason: why, expectedVersion: expected), context)
        return try JSONResponse.make(RecommendationBody(record), status: .created, etag: ETag.make(record.version))
    }

    @Sendable func withdraw(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let given = fields.reason(whenBlank: "Say why it is withdrawn.")
        let reason = try fields.finish(given)
        let record = try await services.run(WithdrawRecommendation(id, reason: reason, expectedVersion: expected), context)
        return try JSONResponse.make(RecommendationBody(record), etag: ETag.make(record.version))
    }
}
