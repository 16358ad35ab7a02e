internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// Supervision sessions, their sign-off and copies, and compliance with the frequency policy.
struct SupervisionRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/supervision", operationID: "getSupervision", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervision", operationID: "recordSupervision", record)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervision/{sessionId}/signatures", operationID: "signSupervision", sign)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervision/{sessionId}/copy", operationID: "recordSupervisionCopy", copy)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/supervision/{sessionId}/report", operationID: "reportSupervisionCancellation", report)
        table.add(group, prefix: prefix, .get, "supervision-compliance", operationID: "getSupervisionCompliance", organisation)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let asOf = try Query.day(request, "asOf", default: services.today())
        let body = try await services.read(context) { connection, caller in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            let sessions = try SupervisionRepository.sessions(of: id, organisation: caller.organisationID, on: connection)
            let compliance = SupervisionCompliance.check(
                sessions: sessions, start: record.enrolment.startDate,
                policy: try PolicyRepository.supervision(for: caller.organisationID, on: connection).policy,
                calendar: try SupervisionRepository.calendar(on: connection), asOf: asOf)
            return SupervisionBody(sessions: sessions, compliance: compliance, asOf: asOf)
        }
        return try JSONResponse.make(body)
    }

    @Sendable func record(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let scheduledFor = fields.day("scheduledFor")
        let held = fields.bool("held")
        let minutes = fields.int("durationMinutes", required: false, range: 5...480)
        let topics = fields.string("topics", required: false, maxLength: 8000)
        let actions = fields.string("agreedActions", required: false, maxLength: 8000)
        let reason = fields.string("cancellationReason", required: false, maxLength: 2000)
        let rescheduledTo = fields.day("rescheduledTo", required: false)
        if held == true {
            if minutes == nil { fields.add("durationMinutes", "Required for a session that was held.") }
            if (topics ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fields.add("topics", "Record what was discussed.") }
            if reason != nil || rescheduledTo != nil { fields.add("cancellationReason", "A held session has no cancellation.") }
        } else if held == false {
            if (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fields.add("cancellationReason", "Say why the session was cancelled.") }
            if minutes != nil || topics != nil || actions != nil { fields.add("held", "A cancelled session has no duration, topics or actions.") }
            if let rescheduledTo, let scheduledFor, rescheduledTo <= scheduledFor { fields.add("rescheduledTo", "Reschedule to a later date.") }
        }
        try fields.finish()
        guard let scheduledFor, let held else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let session = try await services.write(context) { connection, caller, requestID -> SupervisionSession in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            let signer = EnrolmentAccess.reviewSigner(caller, record.enrolment)
            guard signer == .lineManager || signer == .assessor || (caller.holds(.coordinator) && record.enrolment.organisationID == caller.organisationID) else {
                throw Problem.forbidden("Supervision is recorded by the supervisor: the NQSW's line manager or assessor, or a coordinator.")
            }
            if scheduledFor < record.enrolment.startDate || scheduledFor > today {
                throw ValidationFailure(field: "scheduledFor", message: "Within the year so far (\(record.enrolment.startDate) to \(today)).")
            }
            let session = SupervisionSession(
                id: .random(), enrolmentID: id, supervisorID: caller.personID, scheduledFor: scheduledFor,
                outcome: held ? .held(durationMinutes: minutes!, topics: topics!, agreedActions: actions ?? "")
                    : .cancelled(reason: reason!, rescheduledTo: rescheduledTo, reportedOn: nil),
                supervisorSignedOn: held ? today : nil)
            let actor = Actor(personID: caller.personID, role: (signer?.rawValue ?? Role.coordinator.rawValue), requestID: requestID)
            try SupervisionRepository.insert(session, organisation: caller.organisationID, actor: actor, on: connection)
            return session
        }
        return try JSONResponse.make(SupervisionBody.Session(session), status: .created, etag: ETag.make(session.version))
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        try await update(request, context: context, action: "supervision.signed_by_nqsw") { caller, record, session, today in
            guard EnrolmentAccess.reviewSigner(caller, record.enrolment) == .nqsw else {
                throw Problem.forbidden("The NQSW countersigns their supervision record.")
            }
            guard session.nqswSignedOn == nil else { throw Problem.conflict("Already signed.", kind: "already-signed") }
            return (today, nil)
        }
    }

    @Sendable func copy(_ request: Request, context: QuorumContext) async throws -> Response {
        // The body is optional: without it, the copy was given today.
        var givenOn: CalendarDay?
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        if buffer.readableBytes > 0 {
            var fields = try JSONFields(buffer)
            givenOn = fields.day("givenOn", required: false)
            try fields.finish()
        }
        let given = givenOn
        return try await update(request, context: context, action: "supervision.copy_given") { caller, record, session, today in
            guard session.supervisorID == caller.personID || (caller.holds(.coordinator) && record.enrolment.organisationID == caller.organisationID) else {
                throw Problem.forbidden("The supervisor records when the NQSW was given their copy.")
            }
            guard session.copyGivenOn == nil else { throw Problem.conflict("The copy is already recorded.", kind: "already-recorded") }
            let day = given ?? today
            if day < session.scheduledFor || day > today {
                throw ValidationFailure(field: "givenOn", message: "Between the session (\(session.scheduledFor)) and today.")
            }
            return (nil, day)
        }
    }

    /// Records that a cancellation never rescheduled was reported to the supervisor's line manager.
    @Sendable func report(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let sessionID: SupervisionID = try EnrolmentRoutes.pathID(context, "sessionId")
        let expected = try ETag.optionalVersion(request)
        let today = services.today()
        let session = try await services.write(context) { connection, caller, requestID -> SupervisionSession in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            let signer = EnrolmentAccess.reviewSigner(caller, record.enrolment)
            guard signer == .lineManager || signer == .assessor || EnrolmentAccess.canChange(caller, record.enrolment) else {
                throw Problem.forbidden("The supervisor or a coordinator records the report.")
            }
            if let expected, let current = try SupervisionRepository.sessions(of: id, organisation: caller.organisationID, on: connection)
                .first(where: { $0.id == sessionID }), current.version != expected {
                throw Problem.stale(current: current.version)
            }
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            guard try SupervisionRepository.recordReport(sessionID, on: today, organisation: caller.organisationID, actor: actor, on: connection) else {
                throw Problem.conflict("Only a cancellation that was never rescheduled, not yet reported, is reported.", kind: "nothing-to-report")
            }
            guard let session = try SupervisionRepository.sessions(of: id, organisation: caller.organisationID, on: connection).first(where: { $0.id == sessionID }) else {
                throw Problem.notFound("supervision session")
            }
            return session
        }
        return try JSONResponse.make(SupervisionBody.Session(session), etag: ETag.make(session.version))
    }

    private func update(
        _ request: Request, context: QuorumContext, action: String,
        _ decide: @escaping @Sendable (Caller, EnrolmentRecord, SupervisionSession, CalendarDay) throws -> (CalendarDay?, CalendarDay?)
    ) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let sessionID: SupervisionID = try EnrolmentRoutes.pathID(context, "sessionId")
        let expected = try ETag.requiredVersion(request)
        let today = services.today()
        let session = try await services.write(context) { connection, caller, requestID -> SupervisionSession in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            guard let session = try SupervisionRepository.sessions(of: id, organisation: caller.organisationID, on: connection).first(where: { $0.id == sessionID }) else {
                throw Problem.notFound("supervision session")
            }
            guard session.wasHeld else { throw Problem.conflict("A cancelled session has no record to sign or copy.", kind: "session-cancelled") }
            guard session.version == (expected ?? session.version) else { throw Problem.stale(current: session.version) }
            let (signed, copied) = try decide(caller, record, session, today)
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            guard try SupervisionRepository.update(sessionID, nqswSignedOn: signed, copyGivenOn: copied, expectedVersion: session.version,
                                                   organisation: caller.organisationID, action: action, actor: actor, on: connection)
            else { throw Problem.stale(current: session.version + 1) }
            var next = session
            next.nqswSignedOn = session.nqswSignedOn ?? signed
            next.copyGivenOn = session.copyGivenOn ?? copied
            next.version += 1
            return next
        }
        return try JSONResponse.make(SupervisionBody.Session(session), etag: ETag.make(session.version))
    }

    @Sendable func organisation(_ request: Request, context: QuorumContext) async throws -> Response {
        let asOf = try Query.day(request, "asOf", default: services.today())
        let items = try await services.read(context) { connection, caller -> [SupervisionSummaryBody] in
            guard caller.holds(.coordinator) else { throw Problem.forbidden("The organisation's compliance report is for ASYE coordinators.") }
            let calendar = try SupervisionRepository.calendar(on: connection)
            let policy = try PolicyRepository.supervision(for: caller.organisationID, on: connection).policy
            let sessions = try SupervisionRepository.sessions(in: caller.organisationID, on: connection)
            return try EnrolmentRepository.visible(to: caller, limit: 500, offset: 0, on: connection)
                .filter { $0.enrolment.status == .active }
                .map { record in
                    let compliance = SupervisionCompliance.check(
                        sessions: sessions[record.enrolment.id] ?? [], start: record.enrolment.startDate, policy: policy, calendar: calendar, asOf: asOf)
                    return SupervisionSummaryBody(record: record, compliance: compliance)
                }
        }
        return try JSONResponse.make(["asOf": AnyEncodable(asOf.description), "items": AnyEncodable(items)])
    }
}

/// Type erasure for a mixed JSON object.
struct AnyEncodable: Encodable, Sendable {
    private let encodeValue: @Sendable (any Encoder) throws -> Void
    init<T: Encodable & Sendable>(_ value: T) { encodeValue = { try value.encode(to: $0) } }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}

/// Sessions and compliance for one enrolment.
struct SupervisionBody: Encodable, Sendable {
    struct Session: Encodable, Sendable {
        var id: String
        var supervisorId: String
        var scheduledFor: String
        var held: Bool
        var durationMinutes: Int?
        var topics: String?
        var agreedActions: String?
        var cancellationReason: String?
        var rescheduledTo: String?
        /// When an unrescheduled cancellation was reported to the supervisor's line manager.
        var reportedOn: String?
        var supervisorSignedOn: String?
        var nqswSignedOn: String?
        var copyGivenOn: String?
        var version: Int

        init(_ session: SupervisionSession) {
            id = session.id.description
            supervisorId = session.supervisorID.description
            scheduledFor = session.scheduledFor.description
            switch session.outcome {
            case .held(let minutes, let topics, let actions):
                held = true; durationMinutes = minutes; self.topics = topics; agreedActions = actions
            case .cancelled(let reason, let to, let reported):
                held = false; cancellationReason = reason; rescheduledTo = to?.description; reportedOn = reported?.description
            }
            supervisorSignedOn = session.supervisorSignedOn?.description
            nqswSignedOn = session.nqswSignedOn?.description
            copyGivenOn = session.copyGivenOn?.description
            version = session.version
        }
    }

    struct Interval: Encodable, Sendable {
        var from: String
        var to: String
        var frequency: String
        var sessionsHeld: Int
        var met: Bool
    }

    struct Late: Encodable, Sendable {
        var sessionId: String
        var heldOn: String
        var copyDue: String
        var copyGivenOn: String?
    }

    struct Unrescheduled: Encodable, Sendable {
        var sessionId: String
        var cancelledFor: String
        var reportDue: String
        var overdue: Bool
    }

    var asOf: String
    var compliant: Bool
    var missedIntervals: Int
    var sessions: [Session]
    var intervals: [Interval]
    var lateRecords: [Late]
    var unrescheduledCancellations: [Unrescheduled]

    init(sessions: [SupervisionSession], compliance: SupervisionCompliance, asOf: CalendarDay) {
        self.asOf = asOf.description
        compliant = compliance.isCompliant
        missedIntervals = compliance.missedIntervals
        self.sessions = sessions.map(Session.init)
        intervals = compliance.intervals.map { Interval(from: $0.from.description, to: $0.to.description, frequency: $0.frequency, sessionsHeld: $0.sessionsHeld, met: $0.met) }
        lateRecords = compliance.lateRecords.map { Late(sessionId: $0.session.description, heldOn: $0.heldOn.description, copyDue: $0.copyDue.description, copyGivenOn: $0.copyGivenOn?.description) }
        unrescheduledCancellations = compliance.unrescheduled.map {
            Unrescheduled(sessionId: $0.session.description, cancelledFor: $0.cancelledFor.description, reportDue: $0.reportDue.description, overdue: $0.overdue)
        }
    }
}

/// One row of the organisation's compliance report.
struct SupervisionSummaryBody: Encodable, Sendable {
    var enrolmentId: String
    var nqswName: String
    var compliant: Bool
    var intervals: Int
    var missedIntervals: Int
    var lateRecords: Int
    var unrescheduledCancellations: Int
    var overdueReports: Int

    init(record: EnrolmentRecord, compliance: SupervisionCompliance) {
        enrolmentId = record.enrolment.id.description
        nqswName = record.nqswName
        compliant = compliance.isCompliant
        intervals = compliance.intervals.count
        missedIntervals = compliance.missedIntervals
        lateRecords = compliance.lateRecords.count
        unrescheduledCancellations = compliance.unrescheduled.count
        overdueReports = compliance.unrescheduled.filter(\.overdue).count
    }
}
