internal import Foundation
internal import Hummingbird
internal import Domain
internal import Workflows

/// The sufficiency check, the runs kept of it, and the assessor's reconciliations.
struct SufficiencyRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/sufficiency", operationID: "checkSufficiency", check)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/sufficiency/runs", operationID: "saveSufficiencyRun", save)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/sufficiency/runs", operationID: "listSufficiencyRuns", list)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/sufficiency/runs/{runId}", operationID: "getSufficiencyRun", get)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/reconciliations", operationID: "recordReconciliation", reconcile)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/reconciliations", operationID: "listReconciliations", reconciliations)
    }

    @Sendable func check(_ request: Request, context: QuorumContext) async throws -> Response {
        let check = CheckSufficiency(try context.enrolmentID, asOf: try Query.day(request, "asOf"), knownAt: try Query.day(request, "knownAt"),
                                     proposedOutcome: try Query.choice(request, "proposedOutcome", as: RecommendedOutcome.self))
        return JSONResponse.make(bytes: try await services.run(check, context).json)
    }

    @Sendable func save(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let kept = try await services.run(try SaveSufficiencyRun.parse(&fields, enrolment: try context.enrolmentID), context)
        return try JSONResponse.make(SufficiencyRunBody(kept.run, report: kept.report), status: .created)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let limit = try Query.int(request, "limit", default: 50, range: 1...200)
        let offset = try Query.int(request, "offset", default: 0, range: 0...100_000)
        let runs = try await services.run(ListSufficiencyRuns(try context.enrolmentID, limit: limit, offset: offset), context)
        return try JSONResponse.make(SufficiencyRunPage(items: runs.map { SufficiencyRunBody($0, report: nil) }, limit: limit, offset: offset))
    }

    @Sendable func get(_ request: Request, context: QuorumContext) async throws -> Response {
        let kept = try await services.run(GetSufficiencyRun(try context.enrolmentID, try context.uuid("runId")), context)
        return try JSONResponse.make(SufficiencyRunBody(kept.run, report: kept.report))
    }

    @Sendable func reconcile(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let recorded = try await services.run(try RecordReconciliation.parse(&fields, enrolment: try context.enrolmentID), context)
        return try JSONResponse.make(ReconciliationBody(recorded), status: .created)
    }

    @Sendable func reconciliations(_ request: Request, context: QuorumContext) async throws -> Response {
        let recorded = try await services.run(ListReconciliations(try context.enrolmentID), context)
        return try JSONResponse.make(ReconciliationList(items: recorded.map(ReconciliationBody.init)))
    }
}
