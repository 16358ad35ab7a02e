internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// The ASYE tracker, per enrolment and for the cohort.
struct TrackerRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/tracker", operationID: "getTracker", one)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/tracker/{item}", operationID: "tickTrackerItem", tick)
        table.add(group, prefix: prefix, .get, "tracker", operationID: "getCohortTracker", cohort)
    }

    static func tracker(_ record: EnrolmentRecord, asOf: CalendarDay, on connection: PQConnection) throws -> Tracker {
        let enrolment = record.enrolment
        let clock = try ClockRepository.clock(for: enrolment, on: connection)
        return Tracker.build(
            schedule: clock.schedule(asOf: asOf),
            reviews: try ReviewRepository.reviews(of: enrolment.id, organisation: enrolment.organisationID, on: connection),
            evidence: try EvidenceRepository.items(of: enrolment.id, organisation: enrolment.organisationID, on: connection),
            checklist: try TrackerRepository.checklist(of: enrolment.id, organisation: enrolment.organisationID, on: connection),
            planState: try SupportPlanRepository.plans(of: enrolment.id, organisation: enrolment.organisationID, on: connection).last?.machine.state,
            asOf: asOf)
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let asOf = try Query.day(request, "asOf", default: services.today())
        let body = try await services.read(context) { connection, caller in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            return TrackerBody(record: record, tracker: try Self.tracker(record, asOf: asOf, on: connection), asOf: asOf)
        }
        return try JSONResponse.make(body)
    }

    @Sendable func tick(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        guard let item = context.parameters.get("item").flatMap(Tracker.ChecklistItem.init(rawValue:)) else {
            throw Problem(.badRequest, kind: "bad-parameter", title: "A path parameter is malformed",
                          detail: "item must be one of \(Tracker.ChecklistItem.allCases.map(\.rawValue).joined(separator: ", ")).",
                          errors: [.init(field: "item", message: "Not a tracker line a person ticks.")])
        }
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let completedOn = fields.day("completedOn")
        try fields.finish()
        guard let completedOn else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> TrackerBody in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            let signer = EnrolmentAccess.reviewSigner(caller, record.enrolment)
            guard signer == .assessor || signer == .lineManager || EnrolmentAccess.canChange(caller, record.enrolment) else {
                throw Problem.forbidden("Tracker lines are ticked by the assessor, line manager or coordinator.")
            }
            if completedOn < record.enrolment.startDate || completedOn > today {
                throw ValidationFailure(field: "completedOn", message: "Within the year so far (\(record.enrolment.startDate) to \(today)).")
            }
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            guard try TrackerRepository.tick(item, on: completedOn, enrolment: record.enrolment, actor: actor, on: connection) else {
                throw Problem.conflict("This line is already ticked.", kind: "already-ticked")
            }
            return TrackerBody(record: record, tracker: try Self.tracker(record, asOf: today, on: connection), asOf: today)
        }
        return try JSONResponse.make(body, status: .created)
    }

    @Sendable func cohort(_ request: Request, context: QuorumContext) async throws -> Response {
        let asOf = try Query.day(request, "asOf", default: services.today())
        let items = try await services.read(context) { connection, caller -> [TrackerBody] in
            guard caller.holds(.coordinator) else { throw Problem.forbidden("The cohort tracker is for ASYE coordinators.") }
            return try EnrolmentRepository.visible(to: caller, limit: 500, offset: 0, on: connection)
                .filter { $0.enrolment.status == .active }
                .map { TrackerBody(record: $0, tracker: try Self.tracker($0, asOf: asOf, on: connection), asOf: asOf) }
        }
        return try JSONResponse.make(["items": items])
    }
}

/// One enrolment's tracker.
struct TrackerBody: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        var key: String
        var label: String
        var status: String
        var due: String?
        var doneOn: String?
        var detail: String
    }

    var enrolmentId: String
    var nqswName: String
    var asOf: String
    var overdue: Int
    var lines: [Line]

    init(record: EnrolmentRecord, tracker: Tracker, asOf: CalendarDay) {
        enrolmentId = record.enrolment.id.description
        nqswName = record.nqswName
        self.asOf = asOf.description
        overdue = tracker.overdue
        lines = tracker.lines.map {
            Line(key: $0.key, label: $0.label, status: $0.status.rawValue, due: $0.due?.description, doneOn: $0.doneOn?.description, detail: $0.detail)
        }
    }
}
