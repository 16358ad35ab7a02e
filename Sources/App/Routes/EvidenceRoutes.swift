internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// The evidence portfolio: frameworks, items, judgements, verification and the matrix.
struct EvidenceRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "frameworks", operationID: "listFrameworks", frameworks)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/evidence", operationID: "listEvidence", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/evidence", operationID: "addEvidence", add)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/evidence/{evidenceId}/judgements", operationID: "judgeEvidence", judge)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/evidence/{evidenceId}/verification", operationID: "verifyEvidence", verify)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/evidence-matrix", operationID: "getEvidenceMatrix", matrix)
    }

    @Sendable func frameworks(_ request: Request, context: QuorumContext) async throws -> Response {
        let frameworks = try await services.read(context) { connection, _ in
            try FrameworkRepository.all(on: connection).map(FrameworkBody.init)
        }
        return try JSONResponse.make(["items": frameworks])
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let items = try await services.read(context) { connection, caller in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            return try EvidenceRepository.items(of: id, organisation: record.enrolment.organisationID, on: connection).map(EvidenceBody.init)
        }
        return try JSONResponse.make(["items": items])
    }

    @Sendable func add(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let kind = fields.choice("kind", as: EvidenceKind.self)
        let practiceDate = fields.day("practiceDate")
        let description = fields.string("description", maxLength: 4000)
        let statements = fields.strings("statements")
        let fileName = fields.string("fileName", required: false, maxLength: 255)
        let mediaType = fields.string("fileMediaType", required: false, maxLength: 100)
        let size = fields.int("fileSizeBytes", required: false, range: 0...Int(Int32.max))
        let sha256 = fields.string("fileSha256", required: false, maxLength: 64)
        let fileParts = [fileName != nil, mediaType != nil, size != nil, sha256 != nil]
        if fileParts.contains(true) && fileParts.contains(false) {
            fields.add("fileName", "Give all four file fields (fileName, fileMediaType, fileSizeBytes, fileSha256) or none.")
        }
        if let sha256, sha256.count != 64 || !sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            fields.add("fileSha256", "Expected 64 lower-case hex digits.")
        }
        if let description, description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fields.add("description", "Describe what the evidence shows.")
        }
        try fields.finish()
        guard let kind, let practiceDate, let description, let statements else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let file = fileName.map { FileReference(name: $0, mediaType: mediaType!, sizeBytes: size!, sha256: sha256!) }
        let item = try await services.write(context) { connection, caller, requestID -> EvidenceItem in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            guard EnrolmentAccess.canAddEvidence(caller, record.enrolment) else {
                throw Problem.forbidden("Evidence is added by the NQSW, their assessor, line manager or a coordinator, while the year is active.")
            }
            guard let frameworks = try FrameworkRepository.pinned(for: id, on: connection) else { throw Problem.internalError(requestID: requestID) }
            var issues = frameworks.validateMapping(statements, field: "statements")
            if practiceDate < record.enrolment.startDate {
                issues.append(FieldIssue(field: "practiceDate", message: "The year started on \(record.enrolment.startDate); earlier practice is not ASYE evidence."))
            }
            if practiceDate > today {
                issues.append(FieldIssue(field: "practiceDate", message: "The practice cannot be in the future."))
            }
            if !issues.isEmpty { throw ValidationFailure(issues) }
            let item = EvidenceItem(
                id: .random(), enrolmentID: id, kind: kind, practiceDate: practiceDate, addedOn: today, authorID: caller.personID,
                description: description, file: file, statements: statements)
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            try EvidenceRepository.insert(item, organisation: caller.organisationID, frameworks: frameworks, actor: actor, on: connection)
            return item
        }
        return try JSONResponse.make(EvidenceBody(item), status: .created, etag: ETag.make(item.version),
                                     location: "/v1/enrolments/\(id)/evidence/\(item.id)")
    }

    @Sendable func judge(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let evidenceID = try Self.evidenceID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let level = fields.choice("level", as: JudgementLevel.self)
        let feedback = fields.string("feedback", maxLength: 8000)
        let resolution = fields.bool("resolution", required: false) ?? false
        let aiUseSuspected = fields.bool("aiUseSuspected", required: false)
        try fields.finish()
        guard let level, let feedback else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let item = try await services.write(context) { connection, caller, requestID -> EvidenceItem in
            let (record, item) = try Self.visibleItem(id, evidenceID, caller: caller, on: connection)
            guard EnrolmentAccess.canAssess(caller, record.enrolment) else {
                throw Problem.forbidden("Only the NQSW's current assessor judges evidence.")
            }
            var issues = FieldIssues()
            if item.kind == .criticalReflection && feedback.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.add("feedback", "A critical reflection log needs written assessor feedback.")
            }
            if aiUseSuspected != nil && item.kind != .criticalReflection {
                issues.add("aiUseSuspected", "Suspected AI use is flagged on critical reflections only.")
            }
            try issues.throwIfAny()
            let actor = Actor(personID: caller.personID, role: Role.assessor.rawValue, requestID: requestID)
            try EvidenceRepository.addJudgement(
                Judgement(judgeID: caller.personID, level: level, feedback: feedback, recordedOn: today, isResolution: resolution),
                to: evidenceID, organisation: caller.organisationID, aiUseSuspected: aiUseSuspected, actor: actor, on: connection)
            return try Self.visibleItem(id, evidenceID, caller: caller, on: connection).1
        }
        return try JSONResponse.make(EvidenceBody(item), status: .created, etag: ETag.make(item.version))
    }

    @Sendable func verify(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let evidenceID = try Self.evidenceID(context)
        let expected = try ETag.optionalVersion(request)
        let today = services.today()
        let item = try await services.write(context) { connection, caller, requestID -> EvidenceItem in
            let (record, current) = try Self.visibleItem(id, evidenceID, caller: caller, on: connection)
            guard EnrolmentAccess.canAssess(caller, record.enrolment) else {
                throw Problem.forbidden("Only the NQSW's current assessor verifies evidence against its source.")
            }
            if let expected, expected != current.version { throw Problem.stale(current: current.version) }
            let actor = Actor(personID: caller.personID, role: Role.assessor.rawValue, requestID: requestID)
            guard try EvidenceRepository.verify(evidenceID, organisation: caller.organisationID, by: caller.personID, on: today, actor: actor, on: connection) else {
                throw Problem.conflict("This item has already been verified.", kind: "already-verified")
            }
            return try Self.visibleItem(id, evidenceID, caller: caller, on: connection).1
        }
        return try JSONResponse.make(EvidenceBody(item), etag: ETag.make(item.version))
    }

    @Sendable func matrix(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let asOf = try Query.day(request, "asOf", default: services.today())
        let csv = try Query.format(request) == "csv"
        let matrix = try await services.read(context) { connection, caller in
            let portfolio = try Portfolio.load(id, caller: caller, on: connection)
            return EvidenceMatrix.build(items: portfolio.items, frameworks: portfolio.frameworks, clock: portfolio.clock, asOf: asOf)
        }
        if csv {
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"evidence-matrix-\(id).csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: matrix.csv)))
        }
        return try JSONResponse.make(MatrixBody(matrix, asOf: asOf))
    }

    static func evidenceID(_ context: QuorumContext) throws -> EvidenceID {
        try EnrolmentRoutes.pathID(context, "evidenceId")
    }

    /// The enrolment and item if the caller may see them; 404 otherwise.
    static func visibleItem(_ id: EnrolmentID, _ evidenceID: EvidenceID, caller: Caller, on connection: PQConnection) throws -> (EnrolmentRecord, EvidenceItem) {
        let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
        guard let item = try EvidenceRepository.items(of: id, organisation: caller.organisationID, on: connection).first(where: { $0.id == evidenceID }) else {
            throw Problem.notFound("evidence item")
        }
        return (record, item)
    }
}

/// Everything the year's checks read about one enrolment.
struct Portfolio {
    var record: EnrolmentRecord
    var frameworks: PinnedFrameworks
    var clock: YearClock
    var items: [EvidenceItem]

    /// Loads it if the caller may see the enrolment; 404 otherwise.
    static func load(_ id: EnrolmentID, caller: Caller, on connection: PQConnection) throws -> Portfolio {
        let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
        guard let frameworks = try FrameworkRepository.pinned(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID, on: connection) else {
            throw Problem.notFound("enrolment")
        }
        return Portfolio(
            record: record, frameworks: frameworks, clock: try ClockRepository.clock(for: record.enrolment, on: connection),
            items: try EvidenceRepository.items(of: id, organisation: caller.organisationID, on: connection))
    }
}
