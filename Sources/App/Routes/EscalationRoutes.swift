internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// Fitness-to-practise escalations to the PSW, and the dashboard of open matters.
struct EscalationRoutes {
    let services: QuorumServices
    /// Working days the PSW has to acknowledge an escalation (policy default).
    static let acknowledgeWithinWorkingDays = 2

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/concerns/{concernId}/escalation", operationID: "escalateConcern", escalate)
        table.add(group, prefix: prefix, .get, "escalations", operationID: "listEscalations", list)
        table.add(group, prefix: prefix, .get, "escalations/{escalationId}", operationID: "getEscalation", one)
        table.add(group, prefix: prefix, .post, "escalations/{escalationId}/events", operationID: "applyEscalationEvent", event)
        table.add(group, prefix: prefix, .get, "dashboard", operationID: "getDashboard", dashboard)
    }

    @Sendable func escalate(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let concernID: ConcernID = try EnrolmentRoutes.pathID(context, "concernId")
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> EscalationBody in
            let record = try ConcernRoutes.record(id, caller: caller, on: connection)
            guard EnrolmentAccess.canRaiseConcern(caller, record.enrolment) else {
                throw Problem.forbidden("A concern is escalated by the NQSW's assessor, line manager or a coordinator.")
            }
            guard let concern = try ConcernRepository.concerns(of: id, organisation: caller.organisationID, on: connection).first(where: { $0.id == concernID }) else {
                throw Problem.notFound("concern")
            }
            guard concern.severity != .developmental else {
                throw Problem.conflict("Only a serious or fitness-to-practise concern is escalated to the PSW.", kind: "concern-not-serious")
            }
            let escalation = EscalationRecord(
                id: UUID(), enrolmentID: id, concernID: concernID, escalatedBy: caller.personID, escalatedOn: today, machine: Escalation(),
                acknowledgedOn: nil, decidedOn: nil, pack: try ReferralPack.assemble(record: record, concern: concern, asOf: today, on: connection),
                notes: [], version: 1)
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            try EscalationRepository.insert(escalation, organisation: caller.organisationID, actor: actor, on: connection)
            return EscalationBody(escalation, calendar: try SupervisionRepository.calendar(on: connection), asOf: today, full: true)
        }
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version))
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let today = services.today()
        let items = try await services.write(context) { connection, caller, requestID -> [EscalationBody] in
            let visible = try EscalationRepository.escalations(in: caller.organisationID, on: connection)
                .filter { EnrolmentAccess.canReadEscalation(caller, organisation: caller.organisationID, escalatedBy: $0.escalatedBy) }
            try EscalationRepository.recordRead(visible.map(\.id), organisation: caller.organisationID,
                                                actor: Actor(personID: caller.personID, role: Self.role(caller), requestID: requestID), on: connection)
            let calendar = try SupervisionRepository.calendar(on: connection)
            return visible.map { EscalationBody($0, calendar: calendar, asOf: today, full: false) }
        }
        return try JSONResponse.make(["items": items])
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        let escalationID: UUID = (try EnrolmentRoutes.pathID(context, "escalationId") as Identifier<EscalationTag>).uuid
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> EscalationBody in
            let record = try Self.visible(escalationID, caller: caller, on: connection)
            try EscalationRepository.recordRead([record.id], organisation: caller.organisationID,
                                                actor: Actor(personID: caller.personID, role: Self.role(caller), requestID: requestID), on: connection)
            return EscalationBody(record, calendar: try SupervisionRepository.calendar(on: connection), asOf: today, full: true)
        }
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func event(_ request: Request, context: QuorumContext) async throws -> Response {
        let escalationID: UUID = (try EnrolmentRoutes.pathID(context, "escalationId") as Identifier<EscalationTag>).uuid
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let name = fields.string("event", maxLength: 20)
        let text = fields.string("text", required: false, maxLength: 8000)
        let action = fields.choice("action", required: name == "decide", as: EscalationDecision.Action.self)
        let reasons = fields.string("reasons", required: name == "decide", maxLength: 8000)
        let grounds = fields.strings("referralGrounds", required: false) ?? []
        let referredOn = fields.day("referredOn", required: false)
        let parsedGrounds = grounds.compactMap(ReferralGround.init(rawValue:))
        if parsedGrounds.count != grounds.count {
            fields.add("referralGrounds", "Expected Social Work England's grounds: \(ReferralGround.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if let name, !["acknowledge", "note", "decide"].contains(name) { fields.add("event", "Expected acknowledge, note or decide.") }
        if name == "note" && (text ?? "").trimmingCharacters(in: .whitespaces).isEmpty { fields.add("text", "Write the note.") }
        try fields.finish()
        guard let name else { throw Problem.internalError(requestID: context.requestID) }
        var decision: EscalationDecision?
        if name == "decide", let action, let reasons {
            let candidate = EscalationDecision(action: action, reasons: reasons, referralGrounds: parsedGrounds.sorted(), referredOn: referredOn)
            try candidate.validate()
            decision = candidate
        }
        let chosen = decision
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> EscalationBody in
            var record = try Self.visible(escalationID, caller: caller, on: connection)
            guard caller.holds(.psw) else { throw Problem.forbidden("The principal social worker acknowledges and decides escalations.") }
            guard record.version == (expected ?? record.version) else { throw Problem.stale(current: record.version) }
            let event: Escalation.Event = switch name {
            case "acknowledge": .acknowledge
            case "note": .note
            default: .decide(chosen!)
            }
            let effects: [Escalation.Effect]
            do { effects = try record.machine.apply(event) } catch let error as Escalation.TransitionError {
                throw Problem.conflict("\(error.reason) (state: \(error.state.name), event: \(name))", kind: "escalation-transition-refused")
            }
            let actor = Actor(personID: caller.personID, role: Role.psw.rawValue, requestID: requestID)
            guard try EscalationRepository.save(record, effect: effects[0], note: name == "note" ? text : nil, by: caller.personID, on: today,
                                                expectedVersion: record.version, organisation: caller.organisationID, actor: actor, on: connection)
            else { throw Problem.stale(current: record.version + 1) }
            record = try Self.visible(escalationID, caller: caller, on: connection)
            return EscalationBody(record, calendar: try SupervisionRepository.calendar(on: connection), asOf: today, full: true)
        }
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func dashboard(_ request: Request, context: QuorumContext) async throws -> Response {
        let csv = try Query.format(request) == "csv"
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> DashboardBody in
            guard caller.holds(.coordinator) || caller.holds(.psw) else {
                throw Problem.forbidden("The dashboard is for ASYE coordinators and the principal social worker.")
            }
            let calendar = try SupervisionRepository.calendar(on: connection)
            var rows: [DashboardBody.Row] = []
            let people = Dictionary(uniqueKeysWithValues: try PeopleRepository.people(in: caller.organisationID, on: connection).map { ($0.id, $0.name) })
            let enrolments = try connection.query("SELECT id, nqsw_id FROM enrolments WHERE organisation_id = \(caller.organisationID)")
                .map { (try $0.decode(EnrolmentID.self, at: 0), try $0.decode(PersonID.self, at: 1)) }
            for (enrolment, nqsw) in enrolments {
                let name = people[nqsw] ?? ""
                for concern in try ConcernRepository.concerns(of: enrolment, organisation: caller.organisationID, on: connection) where concern.isOpen {
                    let overdue = concern.isShareOverdue(calendar: calendar, withinWorkingDays: ConcernRoutes.shareWithinWorkingDays, asOf: today)
                    rows.append(.init(kind: "open_concern", nqsw: name, enrolmentId: enrolment.description, state: concern.severity.rawValue,
                                      due: concern.shareDue(calendar: calendar, withinWorkingDays: ConcernRoutes.shareWithinWorkingDays).description, overdue: overdue && concern.sharedOn == nil))
                }
                for plan in try SupportPlanRepository.plans(of: enrolment, organisation: caller.organisationID, on: connection) where !plan.machine.state.hasOutcome {
                    let overdue = plan.machine.state == .active && plan.nextReviewOn < today
                    rows.append(.init(kind: overdue ? "overdue_plan_review" : "plan", nqsw: name, enrolmentId: enrolment.description,
                                      state: plan.machine.state.name, due: plan.nextReviewOn.description, overdue: overdue))
                }
            }
            let escalations = try EscalationRepository.escalations(in: caller.organisationID, on: connection)
            try EscalationRepository.recordRead(escalations.map(\.id), organisation: caller.organisationID,
                                                actor: Actor(personID: caller.personID, role: Self.role(caller), requestID: requestID), on: connection)
            let nqswByEnrolment = Dictionary(uniqueKeysWithValues: enrolments.map { ($0.0, people[$0.1] ?? "") })
            for escalation in escalations {
                let due = calendar.adding(workingDays: Self.acknowledgeWithinWorkingDays, to: escalation.escalatedOn)
                switch escalation.machine.state {
                case .awaitingAcknowledgement:
                    rows.append(.init(kind: "unacknowledged_escalation", nqsw: nqswByEnrolment[escalation.enrolmentID] ?? "", enrolmentId: escalation.enrolmentID.description,
                                      state: escalation.machine.state.name, due: due.description, overdue: today > due))
                case .acknowledged:
                    rows.append(.init(kind: "escalation_awaiting_decision", nqsw: nqswByEnrolment[escalation.enrolmentID] ?? "", enrolmentId: escalation.enrolmentID.description,
                                      state: escalation.machine.state.name, due: nil, overdue: false))
                case .decided(let decision) where !decision.referralGrounds.isEmpty:
                    rows.append(.init(kind: "referral", nqsw: nqswByEnrolment[escalation.enrolmentID] ?? "", enrolmentId: escalation.enrolmentID.description,
                                      state: decision.referralGrounds.map(\.rawValue).joined(separator: "+"), due: decision.referredOn?.description, overdue: false))
                case .decided:
                    break
                }
            }
            return DashboardBody(asOf: today.description, rows: rows.sorted { ($0.kind, $0.nqsw) < ($1.kind, $1.nqsw) })
        }
        if csv {
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"dashboard.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: body.csv)))
        }
        return try JSONResponse.make(body)
    }

    static func role(_ caller: Caller) -> String {
        caller.holds(.psw) ? Role.psw.rawValue : caller.holds(.coordinator) ? Role.coordinator.rawValue : (caller.roles.min()?.rawValue ?? "person")
    }

    static func visible(_ id: UUID, caller: Caller, on connection: PQConnection) throws -> EscalationRecord {
        guard let record = try EscalationRepository.escalations(in: caller.organisationID, on: connection).first(where: { $0.id == id }),
              EnrolmentAccess.canReadEscalation(caller, organisation: caller.organisationID, escalatedBy: record.escalatedBy)
        else { throw Problem.notFound("escalation") }
        return record
    }
}

enum EscalationTag {}
