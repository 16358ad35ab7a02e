internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// Concerns: raised by the assessor, line manager or a coordinator; shared with
/// the NQSW, who responds; closed with an outcome.
struct ConcernRoutes {
    let services: QuorumServices
    /// Working days within which a concern is shared with the NQSW (policy default).
    static let shareWithinWorkingDays = 5

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/concerns", operationID: "listConcerns", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns", operationID: "raiseConcern", raise)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns/{concernId}/sharing", operationID: "shareConcern", share)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns/{concernId}/response", operationID: "respondToConcern", respond)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns/{concernId}/outcome", operationID: "recordConcernOutcome", outcome)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let asOf = try Query.day(request, "asOf", default: services.today())
        let items = try await services.read(context) { connection, caller in
            _ = try Self.record(id, caller: caller, on: connection)
            let calendar = try SupervisionRepository.calendar(on: connection)
            let escalations = Dictionary(uniqueKeysWithValues: try EscalationRepository.escalations(in: caller.organisationID, enrolment: id, on: connection)
                .map { ($0.concernID, $0) })
            return try ConcernRepository.concerns(of: id, organisation: caller.organisationID, on: connection).map { concern in
                var body = ConcernBody(concern, calendar: calendar, asOf: asOf)
                if let escalation = escalations[concern.id] {
                    // Everyone who sees the concern sees that it was escalated and the decision; never the deliberation.
                    body.escalationState = escalation.machine.state.name
                    if case .decided(let decision) = escalation.machine.state {
                        body.escalationDecision = decision.action.rawValue
                        body.referredToSocialWorkEngland = !decision.referralGrounds.isEmpty
                    }
                }
                return body
            }
        }
        return try JSONResponse.make(["items": items])
    }

    @Sendable func raise(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let category = fields.choice("category", as: Concern.Category.self)
        let severity = fields.choice("severity", as: Concern.Severity.self)
        let description = fields.string("description", maxLength: 8000)
        let statements = fields.strings("statements", required: false) ?? []
        let evidence = (fields.strings("evidenceIds", required: false) ?? [])
        let evidenceIDs = evidence.compactMap { UUID(uuidString: $0).map(EvidenceID.init) }
        if evidenceIDs.count != evidence.count { fields.add("evidenceIds", "Expected evidence ids (UUIDs).") }
        if let description, description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fields.add("description", "Describe the concern.") }
        try fields.finish()
        guard let category, let severity, let description else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let (concern, calendar) = try await services.write(context) { connection, caller, requestID -> (Concern, WorkingCalendar) in
            let record = try Self.record(id, caller: caller, on: connection)
            guard EnrolmentAccess.canRaiseConcern(caller, record.enrolment) else {
                throw Problem.forbidden("Concerns are raised by the NQSW's assessor, line manager or a coordinator.")
            }
            var issues: [FieldIssue] = []
            if !statements.isEmpty, let frameworks = try FrameworkRepository.pinned(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID, on: connection) {
                issues += frameworks.validateMapping(statements, field: "statements")
            }
            let known = Set(try EvidenceRepository.items(of: id, organisation: caller.organisationID, on: connection).map(\.id))
            for item in evidenceIDs where !known.contains(item) {
                issues.append(FieldIssue(field: "evidenceIds", message: "\(item) is not evidence of this year."))
            }
            if !issues.isEmpty { throw ValidationFailure(issues) }
            let concern = Concern(id: .random(), enrolmentID: id, raisedBy: caller.personID, raisedOn: today, category: category,
                                  severity: severity, description: description, statements: statements, evidence: evidenceIDs)
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            try ConcernRepository.insert(concern, organisation: caller.organisationID, actor: actor, on: connection)
            return (concern, try SupervisionRepository.calendar(on: connection))
        }
        return try JSONResponse.make(ConcernBody(concern, calendar: calendar, asOf: today), status: .created,
                                     location: "/v1/enrolments/\(id)/concerns/\(concern.id)")
    }

    @Sendable func share(_ request: Request, context: QuorumContext) async throws -> Response {
        try await step(request, context: context, body: false) { caller, record, concern, _, today in
            guard concern.raisedBy == caller.personID || EnrolmentAccess.canChange(caller, record.enrolment) else {
                throw Problem.forbidden("The person who raised the concern, or a coordinator, records sharing it.")
            }
            return .shared(today)
        }
    }

    @Sendable func respond(_ request: Request, context: QuorumContext) async throws -> Response {
        try await step(request, context: context, body: true) { caller, record, concern, text, today in
            guard EnrolmentAccess.reviewSigner(caller, record.enrolment) == .nqsw else {
                throw Problem.forbidden("The NQSW responds to a concern about them.")
            }
            guard concern.sharedOn != nil else { throw Problem.conflict("The concern has not been shared yet.", kind: "concern-not-shared") }
            return .response(text ?? "", today)
        }
    }

    @Sendable func outcome(_ request: Request, context: QuorumContext) async throws -> Response {
        try await step(request, context: context, body: true) { caller, record, concern, text, today in
            guard concern.raisedBy == caller.personID || EnrolmentAccess.canChange(caller, record.enrolment) else {
                throw Problem.forbidden("The person who raised the concern, or a coordinator, records its outcome.")
            }
            return .outcome(text ?? "", today)
        }
    }

    /// Shared shape of the three one-time steps; each happens once (409 after).
    private func step(
        _ request: Request, context: QuorumContext, body: Bool,
        _ decide: @escaping @Sendable (Caller, EnrolmentRecord, Concern, String?, CalendarDay) throws -> ConcernRepository.Step
    ) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let concernID: ConcernID = try EnrolmentRoutes.pathID(context, "concernId")
        var text: String?
        if body {
            var fields = try await request.jsonFields(limit: context.maxUploadSize)
            text = fields.string("text", maxLength: 8000)
            if let value = text, value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fields.add("text", "Required.") }
            try fields.finish()
        }
        let given = text
        let today = services.today()
        let (concern, calendar) = try await services.write(context) { connection, caller, requestID -> (Concern, WorkingCalendar) in
            let record = try Self.record(id, caller: caller, on: connection)
            guard let concern = try ConcernRepository.concerns(of: id, organisation: caller.organisationID, on: connection).first(where: { $0.id == concernID }) else {
                throw Problem.notFound("concern")
            }
            let step = try decide(caller, record, concern, given, today)
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            guard try ConcernRepository.record(step, on: concernID, organisation: caller.organisationID, actor: actor, on: connection) else {
                throw Problem.conflict("That has already been recorded for this concern.", kind: "already-recorded")
            }
            guard let updated = try ConcernRepository.concerns(of: id, organisation: caller.organisationID, on: connection).first(where: { $0.id == concernID }) else {
                throw Problem.notFound("concern")
            }
            return (updated, try SupervisionRepository.calendar(on: connection))
        }
        return try JSONResponse.make(ConcernBody(concern, calendar: calendar, asOf: today))
    }

    /// The enrolment, if the caller may see its concerns (404 otherwise). With
    /// `hrForEscalatedPlans`, HR in the organisation may see it too — the plan
    /// routes then show HR only plans handed to a formal procedure.
    static func record(_ id: EnrolmentID, caller: Caller, hrForEscalatedPlans: Bool = false, on connection: PQConnection) throws -> EnrolmentRecord {
        guard let record = try EnrolmentRepository.find(id, in: caller.organisationID, on: connection),
              EnrolmentAccess.canViewConcerns(caller, record.enrolment) || (hrForEscalatedPlans && caller.holds(.hr))
        else { throw Problem.notFound("enrolment") }
        return record
    }
}

/// A concern as the API shows it.
struct ConcernBody: Encodable, Sendable {
    var id: String
    var raisedBy: String
    var raisedOn: String
    var category: String
    var severity: String
    var description: String
    var statements: [String]
    var evidenceIds: [String]
    var shareDue: String
    var sharedOn: String?
    var shareOverdue: Bool
    var nqswResponse: String?
    var respondedOn: String?
    var outcome: String?
    var outcomeOn: String?
    var open: Bool
    var escalationState: String?
    var escalationDecision: String?
    var referredToSocialWorkEngland: Bool?

    init(_ concern: Concern, calendar: WorkingCalendar, asOf: CalendarDay) {
        id = concern.id.description
        raisedBy = concern.raisedBy.description
        raisedOn = concern.raisedOn.description
        category = concern.category.rawValue
        severity = concern.severity.rawValue
        description = concern.description
        statements = concern.statements
        evidenceIds = concern.evidence.map(\.description)
        shareDue = concern.shareDue(calendar: calendar, withinWorkingDays: ConcernRoutes.shareWithinWorkingDays).description
        sharedOn = concern.sharedOn?.description
        shareOverdue = concern.isShareOverdue(calendar: calendar, withinWorkingDays: ConcernRoutes.shareWithinWorkingDays, asOf: asOf)
        nqswResponse = concern.nqswResponse
        respondedOn = concern.respondedOn?.description
        outcome = concern.outcome
        outcomeOn = concern.outcomeOn?.description
        open = concern.isOpen
    }
}
