internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Support and action plans: drafted with SMART objectives, acknowledged by
/// all three, reviewed objective by objective, and ended by the machine's rules.
struct PlanRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/plans", operationID: "listPlans", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/plans", operationID: "draftPlan", draft)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/plans/{planId}/events", operationID: "applyPlanEvent", event)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/plans/{planId}/history", operationID: "getPlanHistory", history)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(["items": try await services.run(ListPlans(try context.enrolmentID), context).map(PlanBody.init)])
    }

    @Sendable func draft(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let plan = try await services.run(DraftPlan(id, try NewPlan.parse(&fields)), context)
        return try JSONResponse.make(PlanBody(plan), status: .created, etag: ETag.make(plan.version))
    }

    @Sendable func event(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, planID) = (try context.enrolmentID, try context.uuid("planId"))
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let occurredOn = fields.day("occurredOn", required: false)
        let command = try PlanCommand.parse(&fields)
        let plan = try await services.run(ApplyPlanEvent(id, plan: planID, expectedVersion: expected, command: command, occurredOn: occurredOn), context)
        return try JSONResponse.make(PlanBody(plan), etag: ETag.make(plan.version))
    }

    @Sendable func history(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, planID) = (try context.enrolmentID, try context.uuid("planId"))
        return try JSONResponse.make(PlanHistoryBody(plan: planID, try await services.run(ReadPlanHistory(id, plan: planID), context)))
    }
}
