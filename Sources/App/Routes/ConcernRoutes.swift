internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Concerns: raised by the assessor, line manager or a coordinator; shared with
/// the NQSW, who responds; closed with an outcome.
struct ConcernRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/concerns", operationID: "listConcerns", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns", operationID: "raiseConcern", raise)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns/{concernId}/sharing", operationID: "shareConcern", share)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns/{concernId}/response", operationID: "respondToConcern", respond)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns/{concernId}/outcome", operationID: "recordConcernOutcome", outcome)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let concerns = try await services.run(ListConcerns(try context.enrolmentID, asOf: try Query.day(request, "asOf")), context)
        return try JSONResponse.make(["items": concerns.map(ConcernBody.init)])
    }

    @Sendable func raise(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let occurredOn = fields.day("occurredOn", required: false)
        let status = try await services.run(RaiseConcern(id, try NewConcern.parse(&fields), occurredOn: occurredOn), context)
        return try JSONResponse.make(ConcernBody(status), status: .created, location: "/v1/enrolments/\(id)/concerns/\(status.concern.id)")
    }

    @Sendable func share(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.optionalJSONFields(limit: context.maxUploadSize)
        let occurredOn = fields.day("occurredOn", required: false)
        try fields.finish()
        return try JSONResponse.make(ConcernBody(try await services.run(
            ShareConcern(try context.enrolmentID, try context.id("concernId"), occurredOn: occurredOn), context)))
    }

    @Sendable func respond(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, concern): (EnrolmentID, ConcernID) = (try context.enrolmentID, try context.id("concernId"))
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let occurredOn = fields.day("occurredOn", required: false)
        return try JSONResponse.make(ConcernBody(try await services.run(RespondToConcern(id, concern, text: try fields.stepText(), occurredOn: occurredOn), context)))
    }

    @Sendable func outcome(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, concern): (EnrolmentID, ConcernID) = (try context.enrolmentID, try context.id("concernId"))
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let occurredOn = fields.day("occurredOn", required: false)
        return try JSONResponse.make(ConcernBody(try await services.run(RecordConcernOutcome(id, concern, text: try fields.stepText(), occurredOn: occurredOn), context)))
    }
}
