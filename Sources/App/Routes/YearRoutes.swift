internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The year's clock: its schedule, absences and extensions.
struct YearRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/schedule", operationID: "getSchedule", schedule)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/absences", operationID: "recordAbsence", absence)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/extensions", operationID: "recordExtension", extend)
    }

    @Sendable func schedule(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(ScheduleBody(try await services.run(GetSchedule(try context.enrolmentID, asOf: try Query.day(request, "asOf")), context)))
    }

    @Sendable func absence(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let dated = try await services.run(try RecordAbsence.parse(&fields, enrolment: try context.enrolmentID), context)
        return try JSONResponse.make(ScheduleBody(dated), status: .created)
    }

    @Sendable func extend(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let dated = try await services.run(try RecordExtension.parse(&fields, enrolment: try context.enrolmentID), context)
        return try JSONResponse.make(ScheduleBody(dated), status: .created)
    }
}
