internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// NQSW enrolments: list, enrol, read, change terms, audit history.
struct EnrolmentRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments", operationID: "listEnrolments", list)
        table.add(group, prefix: prefix, .post, "enrolments", operationID: "createEnrolment", create)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}", operationID: "getEnrolment", get)
        table.add(group, prefix: prefix, .patch, "enrolments/{enrolmentId}", operationID: "changeEnrolment", change)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/audit", operationID: "getEnrolmentAudit", audit)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let limit = try Query.int(request, "limit", default: 100, range: 1...500)
        let offset = try Query.int(request, "offset", default: 0, range: 0...1_000_000)
        let records = try await services.run(ListEnrolments(limit: limit, offset: offset), context)
        return try JSONResponse.make(EnrolmentPage(items: records.map(EnrolmentBody.init), limit: limit, offset: offset))
    }

    @Sendable func get(_ request: Request, context: QuorumContext) async throws -> Response {
        let record = try await services.run(GetEnrolment(try context.enrolmentID), context)
        return try JSONResponse.make(EnrolmentBody(record), etag: ETag.make(record.enrolment.version))
    }

    @Sendable func create(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let record = try await services.run(EnrolNQSW(try NewEnrolment.parse(&fields)), context)
        return try JSONResponse.make(EnrolmentBody(record), status: .created, etag: ETag.make(record.enrolment.version),
                                     location: "/v1/enrolments/\(record.enrolment.id)")
    }

    @Sendable func change(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let record = try await services.run(ChangeEnrolmentTerms(id, expectedVersion: expected, change: try EnrolmentChange.parse(&fields)), context)
        return try JSONResponse.make(EnrolmentBody(record), etag: ETag.make(record.enrolment.version))
    }

    @Sendable func audit(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        let events = try await services.run(ReadEnrolmentAudit(id), context)
        return try JSONResponse.make(AuditHistoryBody(entityType: "enrolment", entityId: id.description, events: events.map(AuditEventBody.init)))
    }
}
