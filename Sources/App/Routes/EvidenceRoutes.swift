internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The evidence portfolio: frameworks, items, judgements, verification and the matrix.
struct EvidenceRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "frameworks", operationID: "listFrameworks", frameworks)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/evidence", operationID: "listEvidence", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/evidence", operationID: "addEvidence", add)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/evidence/{evidenceId}/judgements", operationID: "judgeEvidence", judge)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/evidence/{evidenceId}/verification", operationID: "verifyEvidence", verify)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/evidence-matrix", operationID: "getEvidenceMatrix", matrix)
    }

    @Sendable func frameworks(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(["items": try await services.run(ListFrameworks(), context).map(FrameworkBody.init)])
    }

    /// A page of the year's evidence: `limit` (1–500, default 200) after `cursor` (the `nextCursor` of the page before).
    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let limit = try Query.int(request, "limit", default: 200, range: 1...500)
        var after: EvidenceID?
        if let cursor = request.uri.queryParameters["cursor"] {
            guard let id = UUID(uuidString: String(cursor)) else {
                throw Problem.validation([.init(field: "cursor", message: "Expected the nextCursor of an earlier page.")])
            }
            after = EvidenceID(id)
        }
        let page = try await services.run(ListEvidencePage(try context.enrolmentID, after: after, limit: limit), context)
        return try JSONResponse.make(EvidencePageBody(items: page.items.map(EvidenceBody.init), nextCursor: page.next?.description))
    }

    @Sendable func add(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let item = try await services.run(AddEvidence(id, try NewEvidence.parse(&fields)), context)
        return try JSONResponse.make(EvidenceBody(item), status: .created, etag: ETag.make(item.version),
                                     location: "/v1/enrolments/\(id)/evidence/\(item.id)")
    }

    @Sendable func judge(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let judging = try JudgeEvidence.parse(&fields, enrolment: try context.enrolmentID, evidence: try context.id("evidenceId"))
        let item = try await services.run(judging, context)
        return try JSONResponse.make(EvidenceBody(item), status: .created, etag: ETag.make(item.version))
    }

    @Sendable func verify(_ request: Request, context: QuorumContext) async throws -> Response {
        let verifying = VerifyEvidence(try context.enrolmentID, try context.id("evidenceId"), expectedVersion: try ETag.optionalVersion(request))
        let item = try await services.run(verifying, context)
        return try JSONResponse.make(EvidenceBody(item), etag: ETag.make(item.version))
    }

    @Sendable func matrix(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        let asOf = try Query.day(request, "asOf")
        let format = try Query.format(request)
        let dated = try await services.run(GetEvidenceMatrix(id, asOf: asOf), context)
        switch format {
        case .csv: return CSVResponse.make(dated.matrix.csv, filename: "evidence-matrix-\(id).csv")
        case .json: return try JSONResponse.make(MatrixBody(dated))
        }
    }
}
