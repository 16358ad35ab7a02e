internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Assessment panels: scheduled by coordinators, cases listed at them and
/// released, conflicts declared by members, and a case's pack.
struct PanelRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "panels", operationID: "listPanels", list)
        table.add(group, prefix: prefix, .post, "panels", operationID: "createPanel", create)
        table.add(group, prefix: prefix, .get, "panels/awaiting-relisting", operationID: "listAwaitingRelisting", awaiting)
        table.add(group, prefix: prefix, .get, "panels/{panelId}", operationID: "getPanel", one)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/panel-hearings", operationID: "listPanelHearings", hearings)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/events", operationID: "applyPanelEvent", event)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases", operationID: "listCaseAtPanel", allocate)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/attendance", operationID: "recordPanelAttendance", attendance)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/members", operationID: "changePanelMembers", members)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/release", operationID: "releasePanelCase", release)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/conflicts", operationID: "declarePanelConflict", declareConflict)
        table.add(group, prefix: prefix, .get, "panels/{panelId}/cases/{caseId}/pack", operationID: "getPanelPack", pack)
        table.add(group, prefix: prefix, .get, "panels/{panelId}/cases/{caseId}/deliberations", operationID: "listDeliberationNotes", deliberations)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/deliberations", operationID: "addDeliberationNote", deliberate)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(["items": try await services.run(ListPanels(), context).map(PanelBody.init)])
    }

    @Sendable func attendance(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let body = PanelBody(try await services.run(try RecordPanelAttendance.parse(&fields, panel: try context.id("panelId")), context))
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func members(_ request: Request, context: QuorumContext) async throws -> Response {
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let change = try ChangePanelMembers.parse(&fields, panel: try context.id("panelId"), expectedVersion: expected)
        let body = PanelBody(try await services.run(change, context))
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func deliberations(_ request: Request, context: QuorumContext) async throws -> Response {
        let notes = try await services.run(ListDeliberationNotes(try context.id("panelId"), try context.id("caseId")), context)
        return try JSONResponse.make(DeliberationNotesBody(notes))
    }

    @Sendable func deliberate(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let text = fields.string("text", maxLength: 8000)
        let adding = AddDeliberationNote(try context.id("panelId"), try context.id("caseId"), text: try fields.finish(text))
        return try JSONResponse.make(DeliberationNotesBody(try await services.run(adding, context)), status: .created)
    }

    @Sendable func awaiting(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(["items": try await services.run(ListAwaitingRelisting(), context).map(AwaitingRelistingBody.init)])
    }

    @Sendable func hearings(_ request: Request, context: QuorumContext) async throws -> Response {
        try JSONResponse.make(["items": try await services.run(ListPanelHearings(try context.enrolmentID), context).map(PanelHearingBody.init)])
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        let body = PanelBody(try await services.run(GetPanel(try context.id("panelId")), context))
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func create(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let body = PanelBody(try await services.run(try SchedulePanel.parse(&fields), context))
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version), location: "/v1/panels/\(body.id)")
    }

    @Sendable func event(_ request: Request, context: QuorumContext) async throws -> Response {
        let id: PanelID = try context.id("panelId")
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let body = PanelBody(try await services.run(ApplyPanelEvent(id, expectedVersion: expected, command: try PanelCommand.parse(&fields)), context))
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func allocate(_ request: Request, context: QuorumContext) async throws -> Response {
        let id: PanelID = try context.id("panelId")
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let given = fields.id("enrolmentId", as: EnrolmentID.self)
        let enrolment = try fields.finish(given)
        let body = PanelCaseBody(try await services.run(ListCaseAtPanel(id, enrolment: enrolment), context))
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version))
    }

    @Sendable func release(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, caseID): (PanelID, PanelCaseID) = (try context.id("panelId"), try context.id("caseId"))
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let given = fields.reason(whenBlank: "Say why the case is released.")
        let reason = try fields.finish(given)
        let body = PanelCaseBody(try await services.run(ReleasePanelCase(id, caseID, expectedVersion: expected, reason: reason), context))
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func declareConflict(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, caseID): (PanelID, PanelCaseID) = (try context.id("panelId"), try context.id("caseId"))
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let given = fields.reason(whenBlank: "Describe the conflict of interest.")
        let reason = try fields.finish(given)
        return try JSONResponse.make(PanelCaseBody(try await services.run(DeclarePanelConflict(id, caseID, reason: reason), context)), status: .created)
    }

    @Sendable func pack(_ request: Request, context: QuorumContext) async throws -> Response {
        try AnonymisedPack.response(PanelPackBody(try await services.run(ReadPanelPack(try context.id("panelId"), try context.id("caseId")), context)))
    }
}
