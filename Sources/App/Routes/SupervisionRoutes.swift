internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Supervision sessions, their sign-off and copies, and compliance with the frequency policy.
struct SupervisionRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/supervision", operationID: "getSupervision", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervision", operationID: "recordSupervision", record)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervision/{sessionId}/signatures", operationID: "signSupervision", sign)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervision/{sessionId}/copy", operationID: "recordSupervisionCopy", copy)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervision/{sessionId}/report", operationID: "reportSupervisionCancellation", report)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervision/{sessionId}/addenda", operationID: "addSupervisionAddendum", addendum)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervisor", operationID: "allocateSupervisor", allocate)
        table.add(group, prefix: prefix, .get, "supervision-compliance", operationID: "getSupervisionCompliance", organisation)
    }

    @Sendable func allocate(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let relation = fields.choice("relation", as: SupervisorAllocation.Relation.self)
        let fromOn = fields.day("fromOn", required: false)
        let reason = fields.string("reason", maxLength: 2000)
        let (who, why) = try fields.finish(relation, reason)
        let allocated = try await services.run(AllocateSupervisor(try context.enrolmentID, relation: who, fromOn: fromOn, reason: why), context)
        return try JSONResponse.make(SupervisorBody(allocated), status: .created)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(SupervisionBody(try await services.run(GetSupervision(try context.enrolmentID, asOf: try Query.day(request, "asOf")), context)))
    }

    @Sendable func record(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let session = try await services.run(try RecordSupervision.parse(&fields, enrolment: try context.enrolmentID), context)
        return try JSONResponse.make(SupervisionBody.Session(session), status: .created, etag: ETag.make(session.version))
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        let signing = CountersignSupervision(try context.enrolmentID, try context.id("sessionId"), expectedVersion: try ETag.requiredVersion(request),
                                             signedOn: try await request.signedOn(limit: context.maxUploadSize))
        let session = try await services.run(signing, context)
        return try JSONResponse.make(SupervisionBody.Session(session), etag: ETag.make(session.version))
    }

    @Sendable func addendum(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let text = fields.string("text", maxLength: 4000)
        let adding = AddSupervisionAddendum(try context.enrolmentID, try context.id("sessionId"), expectedVersion: try ETag.optionalVersion(request),
                                            text: try fields.finish(text))
        let session = try await services.run(adding, context)
        return try JSONResponse.make(SupervisionBody.Session(session), status: .created, etag: ETag.make(session.version))
    }

    /// The body is optional: without it, the copy was given today.
    @Sendable func copy(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, sessionID): (EnrolmentID, SupervisionID) = (try context.enrolmentID, try context.id("sessionId"))
        var fields = try await request.optionalJSONFields(limit: context.maxUploadSize)
        let givenOn = fields.day("givenOn", required: false)
        try fields.finish()
        let recording = RecordSupervisionCopy(id, sessionID, expectedVersion: try ETag.requiredVersion(request), givenOn: givenOn)
        let session = try await services.run(recording, context)
        return try JSONResponse.make(SupervisionBody.Session(session), etag: ETag.make(session.version))
    }

    /// Records that a cancellation never rescheduled was reported to the supervisor's line manager.
    @Sendable func report(_ request: Request, context: QuorumContext) async throws -> Response {
        let reporting = ReportSupervisionCancellation(try context.enrolmentID, try context.id("sessionId"), expectedVersion: try ETag.optionalVersion(request))
        let session = try await services.run(reporting, context)
        return try JSONResponse.make(SupervisionBody.Session(session), etag: ETag.make(session.version))
    }

    @Sendable func organisation(_ request: Request, context: QuorumContext) async throws -> Response {
        let report = try await services.run(GetSupervisionCompliance(asOf: try Query.day(request, "asOf")), context)
        return try JSONResponse.make(SupervisionComplianceBody(report))
    }
}
