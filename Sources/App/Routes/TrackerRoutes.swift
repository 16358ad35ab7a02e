internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The ASYE tracker, per enrolment and for the cohort.
struct TrackerRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/tracker", operationID: "getTracker", one)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/tracker/{item}", operationID: "tickTrackerItem", tick)
        table.add(group, prefix: prefix, .get, "tracker", operationID: "getCohortTracker", cohort)
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(TrackerBody(try await services.run(GetTracker(try context.enrolmentID, asOf: try Query.day(request, "asOf")), context)))
    }

    @Sendable func tick(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try context.enrolmentID
        guard let item = context.parameters.get("item").flatMap(Tracker.ChecklistItem.init(rawValue:)) else {
            throw Problem(.badRequest, kind: "bad-parameter", title: "A path parameter is malformed",
                          detail: "item must be one of \(Tracker.ChecklistItem.allCases.map(\.rawValue).joined(separator: ", ")).",
                          errors: [.init(field: "item", message: "Not a tracker line a person ticks.")])
        }
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let year = try await services.run(try TickTrackerItem.parse(&fields, enrolment: id, item: item), context)
        return try JSONResponse.make(TrackerBody(year), status: .created)
    }

    @Sendable func cohort(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(["items": try await services.run(GetCohortTracker(asOf: try Query.day(request, "asOf")), context).map(TrackerBody.init)])
    }
}
