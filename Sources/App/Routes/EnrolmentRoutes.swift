internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

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
        let items = try await services.read(context) { connection, caller in
            try EnrolmentRepository.visible(to: caller, limit: limit, offset: offset, on: connection).map(EnrolmentBody.init)
        }
        return try JSONResponse.make(EnrolmentPage(items: items, limit: limit, offset: offset))
    }

    @Sendable func get(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.enrolmentID(context)
        let record = try await services.read(context, prefetch: EnrolmentRepository.findQuery(id)) { caller, rows in
            guard let record = try EnrolmentRepository.record(in: rows, organisation: caller.organisationID),
                  EnrolmentAccess.canView(caller, record.enrolment)
            else { throw Problem.notFound("enrolment") }
            return record
        }
        return try JSONResponse.make(EnrolmentBody(record), etag: ETag.make(record.enrolment.version))
    }

    @Sendable func create(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let nqsw = fields.id("nqswId", as: PersonID.self)
        let setting = fields.choice("setting", as: Enrolment.Setting.self)
        let start = fields.day("startDate")
        let fte = fields.contractedTime("fte")
        let assessor = fields.id("assessorId", as: PersonID.self)
        let manager = fields.id("lineManagerId", as: PersonID.self)
        try fields.finish()
        guard let nqsw, let setting, let start, let fte, let assessor, let manager else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let record = try await services.write(context) { connection, caller, requestID in
            guard EnrolmentAccess.canEnrol(caller) else {
                throw Problem.forbidden("Only ASYE coordinators enrol NQSWs.")
            }
            let draft = NewEnrolment(nqswID: nqsw, setting: setting, startDate: start, fte: fte, assessorID: assessor, lineManagerID: manager)
            let roles = try PeopleRepository.roles(of: [nqsw, assessor, manager], in: caller.organisationID, on: connection)
            try draft.validate(roles: roles, today: today)
            let enrolment = Enrolment(
                id: .random(), organisationID: caller.organisationID, nqswID: nqsw, setting: setting, startDate: start,
                fte: fte, assessorID: assessor, lineManagerID: manager)
            try EnrolmentRepository.insert(enrolment, actor: Actor(personID: caller.personID, role: Role.coordinator.rawValue, requestID: requestID), on: connection)
            guard let record = try EnrolmentRepository.find(enrolment.id, in: caller.organisationID, on: connection) else {
                throw Problem.internalError(requestID: requestID)
            }
            return record
        }
        return try JSONResponse.make(
            EnrolmentBody(record), status: .created, etag: ETag.make(record.enrolment.version),
            location: "/v1/enrolments/\(record.enrolment.id)")
    }

    @Sendable func change(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.enrolmentID(context)
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let change = EnrolmentChange(
            fte: fields.contractedTime("fte", required: false),
            assessorID: nil,
            lineManagerID: fields.id("lineManagerId", required: false, as: PersonID.self),
            startDate: fields.day("startDate", required: false),
            reason: fields.string("reason", required: false))
        if fields.string("assessorId", required: false) != nil {
            fields.add("assessorId", "Change the assessor with POST /v1/enrolments/{id}/assessor-changes: it records the circumstances and the handover.")
        }
        try fields.finish()
        let today = services.today()
        let record = try await services.write(context) { connection, caller, requestID in
            let current = try Self.visibleRecord(id, caller: caller, on: connection)
            guard EnrolmentAccess.canChange(caller, current.enrolment) else {
                throw Problem.forbidden("Only ASYE coordinators change an enrolment's terms.")
            }
            let version = expected ?? current.enrolment.version
            guard current.enrolment.version == version else { throw Problem.stale(current: current.enrolment.version) }
            let roles = try PeopleRepository.roles(of: change.peopleNamed, in: caller.organisationID, on: connection)
            let (updated, changes) = try current.enrolment.applying(change, roles: roles, today: today)
            let actor = Actor(personID: caller.personID, role: Role.coordinator.rawValue, requestID: requestID)
            let reason = change.reason.flatMap { $0.isEmpty ? nil : $0 }
            guard try EnrolmentRepository.update(updated, expectedVersion: version, changes: changes, reason: reason, actor: actor, on: connection) else {
                let latest = try EnrolmentRepository.find(id, in: caller.organisationID, on: connection)
                throw Problem.stale(current: latest?.enrolment.version ?? version + 1)
            }
            guard let record = try EnrolmentRepository.find(id, in: caller.organisationID, on: connection) else {
                throw Problem.notFound("enrolment")
            }
            return record
        }
        return try JSONResponse.make(EnrolmentBody(record), etag: ETag.make(record.enrolment.version))
    }

    @Sendable func audit(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.enrolmentID(context)
        let events = try await services.read(context) { connection, caller in
            _ = try Self.visibleRecord(id, caller: caller, on: connection)
            guard EnrolmentAccess.canReadAudit(caller) else {
                throw Problem.forbidden("Only ASYE coordinators read the audit history.")
            }
            return try AuditLog.history(of: .enrolment, id: id.uuid, organisation: caller.organisationID, on: connection)
                .map(AuditEventBody.init)
        }
        return try JSONResponse.make(AuditHistoryBody(entityType: "enrolment", entityId: id.description, events: events))
    }

    /// The record if it exists in the caller's organisation and they may see it; otherwise 404.
    static func visibleRecord(_ id: EnrolmentID, caller: Caller, on connection: PQConnection) throws -> EnrolmentRecord {
        guard let record = try EnrolmentRepository.find(id, in: caller.organisationID, on: connection),
              EnrolmentAccess.canView(caller, record.enrolment)
        else { throw Problem.notFound("enrolment") }
        return record
    }

    static func enrolmentID(_ context: QuorumContext) throws -> EnrolmentID {
        try pathID(context, "enrolmentId")
    }

    /// A UUID path parameter as a typed id; anything else is a 400 naming the parameter.
    static func pathID<Tag>(_ context: QuorumContext, _ name: String) throws -> Identifier<Tag> {
        guard let text = context.parameters.get(name), let uuid = UUID(uuidString: text) else {
            throw Problem(.badRequest, kind: "bad-parameter", title: "A path parameter is malformed",
                          detail: "\(name) must be a UUID.", errors: [.init(field: name, message: "Expected a UUID.")])
        }
        return Identifier(uuid)
    }
}

/// Query-string parameters, validated like body fields.
enum Query {
    static func int(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw Problem.validation([.init(field: name, message: "Expected a whole number from \(range.lowerBound) to \(range.upperBound).")])
        }
        return number
    }
}
