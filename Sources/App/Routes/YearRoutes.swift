internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// The year's clock and the sufficiency check.
struct YearRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/schedule", operationID: "getSchedule", schedule)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/absences", operationID: "recordAbsence", absence)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/extensions", operationID: "recordExtension", extend)
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/sufficiency", operationID: "checkSufficiency", sufficiency)
    }

    @Sendable func schedule(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let asOf = try Query.day(request, "asOf", default: services.today())
        let clock = try await services.read(context) { connection, caller in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            return try ClockRepository.clock(for: record.enrolment, on: connection)
        }
        return try JSONResponse.make(ScheduleBody(clock: clock, asOf: asOf))
    }

    @Sendable func absence(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let kind = fields.string("kind", maxLength: 40)
        let start = fields.day("start")
        let end = fields.day("end")
        let reason = fields.string("reason", maxLength: 2000)
        try fields.finish()
        let clock = try await services.write(context) { connection, caller, requestID -> YearClock in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            guard EnrolmentAccess.canRecordAbsence(caller, record.enrolment) else {
                throw Problem.forbidden("Absences are recorded by the line manager or a coordinator.")
            }
            let absence = try Absence.validate(kind: kind, start: start, end: end, reason: reason, yearStart: record.enrolment.startDate)
            let existing = try ClockRepository.clock(for: record.enrolment, on: connection)
            if existing.absences.contains(where: { $0.start <= absence.end && absence.start <= $0.end }) {
                throw ValidationFailure(field: "start", message: "Overlaps an absence already recorded.")
            }
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            _ = try ClockRepository.addAbsence(absence, to: record.enrolment, actor: actor, on: connection)
            return try ClockRepository.clock(for: record.enrolment, on: connection)
        }
        return try JSONResponse.make(ScheduleBody(clock: clock, asOf: services.today()), status: .created)
    }

    @Sendable func extend(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let days = fields.int("days", range: 1...365)
        let agreedOn = fields.day("agreedOn")
        let reason = fields.string("reason", maxLength: 2000)
        if let reason, reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fields.add("reason", "Say why the year is extended.") }
        try fields.finish()
        guard let days, let agreedOn, let reason else { throw Problem.internalError(requestID: context.requestID) }
        let clock = try await services.write(context) { connection, caller, requestID -> YearClock in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            guard EnrolmentAccess.canExtend(caller, record.enrolment) else {
                throw Problem.forbidden("Extensions are agreed and recorded by an ASYE coordinator.")
            }
            guard record.enrolment.status == .active else { throw EnrolmentError.notActive(record.enrolment.status) }
            let actor = Actor(personID: caller.personID, role: Role.coordinator.rawValue, requestID: requestID)
            _ = try ClockRepository.addExtension(Extension(days: days, agreedOn: agreedOn, reason: reason), to: record.enrolment, actor: actor, on: connection)
            return try ClockRepository.clock(for: record.enrolment, on: connection)
        }
        return try JSONResponse.make(ScheduleBody(clock: clock, asOf: services.today()), status: .created)
    }

    @Sendable func sufficiency(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let asOf = try Query.day(request, "asOf", default: services.today())
        // One round trip: caller, enrolment (with its revision) and policy version.
        let key = try await services.read(
            context, prefetch: [EnrolmentRepository.findQuery(id), EnrolmentRepository.policyVersionQuery(id)]
        ) { caller, results -> SufficiencyCache.Key in
            guard let record = try EnrolmentRepository.record(in: results[0], organisation: caller.organisationID),
                  EnrolmentAccess.canView(caller, record.enrolment)
            else { throw Problem.notFound("enrolment") }
            return SufficiencyCache.Key(
                enrolment: id, enrolmentVersion: record.enrolment.version, portfolioRevision: record.portfolioRevision,
                policyVersion: try results[1][0].decode(at: 0), asOf: asOf)
        }
        if let cached = services.sufficiencyCache.value(for: key) {
            return try JSONResponse.make(cached)
        }
        let body = try await services.read(context) { connection, caller in
            let portfolio = try Portfolio.load(id, caller: caller, on: connection)
            let policy = try PolicyRepository.current(for: caller.organisationID, on: connection)
            let findings = SufficiencyCheck.run(
                portfolio: portfolio.items, frameworks: portfolio.frameworks, clock: portfolio.clock, policy: policy,
                openMatters: try ConcernRepository.openMatters(for: id, organisation: caller.organisationID, asOf: asOf, on: connection), asOf: asOf)
            return (SufficiencyBody(findings: findings, asOf: asOf, policy: policy, frameworks: portfolio.frameworks),
                    SufficiencyCache.Key(enrolment: id, enrolmentVersion: portfolio.record.enrolment.version,
                                         portfolioRevision: portfolio.record.portfolioRevision, policyVersion: policy.version, asOf: asOf))
        }
        // Store under the key of what was actually read (it may be newer than the first look).
        services.sufficiencyCache.store(body.0, for: body.1)
        return try JSONResponse.make(body.0)
    }
}

extension Query {
    /// A date parameter, `YYYY-MM-DD`.
    static func day(_ request: Request, _ name: String, default value: CalendarDay) throws -> CalendarDay {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let day = CalendarDay(iso: String(text)) else {
            throw Problem.validation([.init(field: name, message: "Expected a date as YYYY-MM-DD.")])
        }
        return day
    }

    /// `format=json` (default) or `format=csv`.
    static func format(_ request: Request) throws -> String {
        let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
        guard ["json", "csv"].contains(format) else {
            throw Problem.validation([.init(field: "format", message: "Expected json or csv.")])
        }
        return format
    }
}
