internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Fitness-to-practise escalations to the PSW, and the dashboard of open matters.
struct EscalationRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns/{concernId}/escalation", operationID: "escalateConcern", escalate)
        table.add(group, prefix: prefix, .get, "escalations", operationID: "listEscalations", list)
        table.add(group, prefix: prefix, .get, "escalations/{escalationId}", operationID: "getEscalation", one)
        table.add(group, prefix: prefix, .post, "escalations/{escalationId}/events", operationID: "applyEscalationEvent", event)
        table.add(group, prefix: prefix, .get, "dashboard", operationID: "getDashboard", dashboard)
    }

    @Sendable func escalate(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let status = try await services.run(try EscalateConcern.parse(&fields, enrolment: try context.enrolmentID, concern: try context.id("concernId")), context)
        let body = EscalationBody(status, full: true)
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version))
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(["items": try await services.run(ListEscalations(), context).map { EscalationBody($0, full: false) }])
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        let body = EscalationBody(try await services.run(GetEscalation(try context.uuid("escalationId")), context), full: true)
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func event(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.uuid("escalationId")
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let occurredOn = fields.day("occurredOn", required: false)
        let command = try EscalationCommand.parse(&fields)
        let status = try await services.run(ApplyEscalationEvent(id, expectedVersion: expected, command: command, occurredOn: occurredOn), context)
        let body = EscalationBody(status, full: true)
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func dashboard(_ request: Request, context: QuorumContext) async throws -> Response {
        let format = try Query.format(request)
        let body = DashboardBody(try await services.run(GetDashboard(), context))
        switch format {
        case .csv: return CSVResponse.make(body.csv, filename: "dashboard.csv")
        case .json: return try JSONResponse.make(body)
        }
    }
}
