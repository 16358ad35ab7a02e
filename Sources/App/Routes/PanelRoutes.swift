internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// Assessment panels: scheduled by coordinators, cases listed at them, and
/// conflicts declared by members.
struct PanelRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "panels", operationID: "listPanels", list)
        table.add(group, prefix: prefix, .post, "panels", operationID: "createPanel", create)
        table.add(group, prefix: prefix, .get, "panels/{panelId}", operationID: "getPanel", one)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/events", operationID: "applyPanelEvent", event)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases", operationID: "listCaseAtPanel", allocate)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/release", operationID: "releasePanelCase", release)
        table.add(group, prefix: prefix, .post, "panels/{panelId}/cases/{caseId}/conflicts", operationID: "declarePanelConflict", declareConflict)
    }

    static func panelID(_ context: QuorumContext) throws -> PanelID {
        try EnrolmentRoutes.pathID(context, "panelId")
    }

    static func caseID(_ context: QuorumContext) throws -> PanelCaseID {
        try EnrolmentRoutes.pathID(context, "caseId")
    }

    /// The panel if the caller may see it; 404 otherwise.
    static func visiblePanel(_ id: PanelID, caller: Caller, lock: Bool = false, on connection: PQConnection) throws -> PanelRecord {
        guard let panel = try PanelRepository.find(id, in: caller.organisationID, lock: lock, on: connection),
              PanelAccess.canSeePanel(caller, state: panel.machine.state, members: panel.memberIDs)
        else { throw Problem.notFound("panel") }
        return panel
    }

    /// The case at the panel; 404 if it is not there.
    static func panelCase(_ id: PanelCaseID, in view: PanelView) throws -> PanelCaseRecord {
        guard let record = view.cases.first(where: { $0.id == id }) else { throw Problem.notFound("case") }
        return record
    }

    static func actor(_ caller: Caller, _ requestID: String, chair: Bool = false) -> Actor {
        let role = PanelAccess.canManage(caller) && !chair ? Role.coordinator.rawValue : Role.panelMember.rawValue
        return Actor(personID: caller.personID, role: chair ? "panel_chair" : role, requestID: requestID)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let body = try await services.read(context) { connection, caller -> [PanelBody] in
            guard PanelAccess.canManage(caller) || caller.holds(.panelMember) else {
                throw Problem.forbidden("Panels are for ASYE coordinators and panel members.")
            }
            let panels = try PanelRepository.panels(in: caller.organisationID, member: PanelAccess.canManage(caller) ? nil : caller.personID, on: connection)
            let names = try PanelView.names(in: caller.organisationID, on: connection)
            return try panels.filter { PanelAccess.canSeePanel(caller, state: $0.machine.state, members: $0.memberIDs) }
                .map { PanelBody(try PanelView.load($0, organisation: caller.organisationID, names: names, on: connection), caller: caller) }
        }
        return try JSONResponse.make(["items": body])
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.panelID(context)
        let body = try await services.read(context) { connection, caller in
            PanelBody(try PanelView.load(try Self.visiblePanel(id, caller: caller, on: connection), organisation: caller.organisationID, on: connection), caller: caller)
        }
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    /// Reads a whole schedule for a new panel.
    static func schedule(_ fields: inout JSONFields) -> PanelSchedule? {
        let sitsOn = fields.day("sitsOn")
        let startsText = fields.string("startsAt", maxLength: 5)
        let endsText = fields.string("endsAt", maxLength: 5)
        let location = fields.string("location", maxLength: 500)
        let capacity = fields.int("capacity", range: 1...40)
        let deadline = fields.day("evidenceDeadline")
        let startsAt = startsText.flatMap(ClockTime.minutes)
        let endsAt = endsText.flatMap(ClockTime.minutes)
        if startsText != nil && startsAt == nil { fields.add("startsAt", "Expected a time as HH:MM.") }
        if endsText != nil && endsAt == nil { fields.add("endsAt", "Expected a time as HH:MM.") }
        guard let sitsOn, let startsAt, let endsAt, let location, let capacity, let deadline else { return nil }
        return PanelSchedule(sitsOn: sitsOn, startsAt: startsAt, endsAt: endsAt, location: location, capacity: capacity, evidenceDeadline: deadline)
    }

    @Sendable func create(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let schedule = Self.schedule(&fields)
        let chair: PersonID? = fields.id("chairId")
        let memberTexts = fields.strings("memberIds", maxCount: 12) ?? []
        let members = memberTexts.compactMap { UUID(uuidString: $0).map(PersonID.init) }
        if members.count != memberTexts.count { fields.add("memberIds", "Expected person ids (UUIDs).") }
        let scheduleNow = fields.bool("schedule", required: false) ?? false
        try fields.finish()
        guard let schedule, let chair else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> PanelBody in
            guard PanelAccess.canManage(caller) else { throw Problem.forbidden("Panels are scheduled by ASYE coordinators.") }
            try schedule.validate(today: today)
            let everyone = Set(members).union([chair])
            let roles = try PeopleRepository.roles(of: Array(everyone), in: caller.organisationID, on: connection)
            var issues = FieldIssues()
            if roles[chair]?.contains(.panelMember) != true { issues.add("chairId", "The chair must be a panel member of this organisation.") }
            for member in members where roles[member]?.contains(.panelMember) != true {
                issues.add("memberIds", "\(member) is not a panel member of this organisation.")
            }
            try issues.throwIfAny()
            let policy = try PolicyRepository.panel(for: caller.organisationID, on: connection).policy
            var panel = PanelRecord(id: .random(), machine: PanelMachine(), schedule: schedule, chairID: chair, memberIDs: everyone,
                                    quorum: policy.quorum, anonymised: policy.anonymised, reason: nil, version: 1)
            try panel.composition.validate()
            if scheduleNow { _ = try? panel.machine.apply(.schedule) }
            try PanelRepository.insert(panel, organisation: caller.organisationID, actor: Self.actor(caller, requestID), on: connection)
            return PanelBody(try PanelView.load(panel, organisation: caller.organisationID, on: connection), caller: caller)
        }
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version), location: "/v1/panels/\(body.id)")
    }

    @Sendable func event(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.panelID(context)
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let name = fields.string("event", maxLength: 20)
        let reason = fields.string("reason", required: false, maxLength: 4000)
        let casesMove = fields.bool("casesMove", required: false) ?? true
        let known = ["schedule", "reschedule", "open", "close", "cancel"]
        if let name, !known.contains(name) { fields.add("event", "Expected one of: \(known.joined(separator: ", ")).") }
        if ["reschedule", "cancel"].contains(name), (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            fields.add("reason", "Say why the panel is \(name == "cancel" ? "cancelled" : "rescheduled").")
        }
        let sitsOn = fields.day("sitsOn", required: false)
        let startsText = fields.string("startsAt", required: false, maxLength: 5)
        let endsText = fields.string("endsAt", required: false, maxLength: 5)
        let location = fields.string("location", required: false, maxLength: 500)
        let deadline = fields.day("evidenceDeadline", required: false)
        if let startsText, ClockTime.minutes(startsText) == nil { fields.add("startsAt", "Expected a time as HH:MM.") }
        if let endsText, ClockTime.minutes(endsText) == nil { fields.add("endsAt", "Expected a time as HH:MM.") }
        if name == "reschedule" && [sitsOn == nil, startsText == nil, endsText == nil, location == nil, deadline == nil].allSatisfy({ $0 }) {
            fields.add("sitsOn", "Give the new date, time, place or evidence deadline.")
        }
        try fields.finish()
        guard let name else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> PanelBody in
            var panel = try Self.visiblePanel(id, caller: caller, lock: true, on: connection)
            let chairActs = ["open", "close"].contains(name) && caller.personID == panel.chairID
            guard PanelAccess.canManage(caller) || chairActs else {
                throw Problem.forbidden("Only a coordinator (or the chair, to open and close the session) changes a panel.")
            }
            guard panel.version == (expected ?? panel.version) else { throw Problem.stale(current: panel.version) }
            let event: PanelMachine.Event = switch name {
            case "schedule": .schedule
            case "reschedule": .reschedule(reason: reason ?? "", casesMove: casesMove)
            case "open": .open
            case "close": .close
            default: .cancel(reason: reason ?? "")
            }
            var changes: [FieldChange] = []
            if name == "schedule" { try panel.composition.validate(); try panel.schedule.validate(today: today) }
            if name == "reschedule" {
                var schedule = panel.schedule
                schedule.sitsOn = sitsOn ?? schedule.sitsOn
                schedule.startsAt = startsText.flatMap(ClockTime.minutes) ?? schedule.startsAt
                schedule.endsAt = endsText.flatMap(ClockTime.minutes) ?? schedule.endsAt
                schedule.location = location ?? schedule.location
                schedule.evidenceDeadline = deadline ?? schedule.evidenceDeadline
                try schedule.validate(today: today)
                changes.append(FieldChange(field: "sitsOn", before: panel.schedule.sitsOn.description, after: schedule.sitsOn.description))
                panel.schedule = schedule
            }
            let view = try PanelView.load(panel, organisation: caller.organisationID, on: connection)
            if name == "close", let unsigned = view.cases.first(where: { if case .recorded = $0.machine.state { true } else { false } }) {
                throw Problem.conflict("The chair has not signed the decision for case \(unsigned.caseNumber); sign it before closing.", kind: "decision-unsigned")
            }
            let effects: [PanelMachine.Effect]
            do { effects = try panel.machine.apply(event) } catch let error as PanelMachine.TransitionError {
                throw Problem.conflict("\(error.reason) (state: \(error.state.name), event: \(name))", kind: "panel-transition-refused")
            }
            if ["reschedule", "cancel"].contains(name) { panel.reason = reason }
            changes.append(FieldChange(field: "state", before: nil, after: panel.machine.state.name))
            let actor = Self.actor(caller, requestID, chair: chairActs && !PanelAccess.canManage(caller))
            if effects.contains(.listedCasesReleased) {
                let why = name == "close" ? "Undecided when the panel closed." : "Panel \(name == "cancel" ? "cancelled" : "rescheduled"): \(reason ?? "")"
                for record in view.cases where record.machine.state == .listed {
                    try Self.release(record, reason: why, organisation: caller.organisationID, actor: actor, on: connection)
                }
            }
            guard try PanelRepository.save(panel, expectedVersion: panel.version, organisation: caller.organisationID, action: "panel.\(name)",
                                           reason: reason, changes: changes, actor: actor, on: connection)
            else { throw Problem.stale(current: panel.version + 1) }
            guard let saved = try PanelRepository.find(id, in: caller.organisationID, on: connection) else { throw Problem.notFound("panel") }
            return PanelBody(try PanelView.load(saved, organisation: caller.organisationID, on: connection), caller: caller)
        }
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    /// Releases a case from its panel and puts its recommendation back in the queue.
    static func release(_ record: PanelCaseRecord, reason: String, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        var record = record
        do { _ = try record.machine.apply(.release(reason: reason)) } catch {
            throw Problem.conflict("\(error.reason) (state: \(error.state.name))", kind: "case-transition-refused")
        }
        record.releasedReason = reason
        guard try PanelCaseRepository.save(record, organisation: organisation, action: "panel_case.released", reason: reason, actor: actor, on: connection)
        else { throw Problem.stale(current: record.version + 1) }
        guard var recommendation = try RecommendationRepository.find(for: record.enrolmentID, organisation: organisation, on: connection) else { return }
        if case .allocated = recommendation.machine.state {
            _ = try? recommendation.machine.apply(.release)
            guard try RecommendationRepository.save(recommendation, creating: false, expectedVersion: recommendation.version, newVersion: nil,
                                                    organisation: organisation, action: "recommendation.released", reason: reason, actor: actor, on: connection)
            else { throw Problem.stale(current: recommendation.version + 1) }
        }
    }

    /// The deadline the latest deferral or referral back set for this enrolment, if any.
    static func caseDeadline(_ enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> CalendarDay? {
        try PanelCaseRepository.cases(enrolment: enrolment, organisation: organisation, on: connection)
            .compactMap { $0.decision?.signedOn != nil ? $0.decision?.decision.deadline : nil }.max()
    }

    /// Lists the enrolment's submitted recommendation at `panel`, or refuses with the reason.
    static func list(
        _ enrolment: EnrolmentRecord, at panel: PanelRecord, today: CalendarDay, organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws -> PanelCaseID {
        guard var recommendation = try RecommendationRepository.find(for: enrolment.enrolment.id, organisation: organisation, on: connection) else {
            throw Problem.conflict("The assessor has not submitted a final recommendation for this NQSW.", kind: "no-recommendation")
        }
        do { _ = try recommendation.machine.apply(.allocate) } catch {
            throw Problem.conflict("\(error.reason) (state: \(error.state.name))", kind: "recommendation-transition-refused")
        }
        let listed = try PanelCaseRepository.cases(panels: [panel.id], organisation: organisation, on: connection)
            .filter(\.machine.state.isPending).count
        let deadline = try caseDeadline(enrolment.enrolment.id, organisation: organisation, on: connection)
        do {
            try PanelAllocation.check(PanelAllocation.Candidate(state: panel.machine.state, schedule: panel.schedule, composition: panel.composition, listed: listed),
                                      parties: PanelView.parties(enrolment.enrolment, nil), caseDeadline: deadline, today: today)
        } catch {
            switch error {
            case .conflicted(let failure): throw failure
            case .notScheduled: throw Problem.conflict(error.description, kind: "panel-not-scheduled")
            case .full: throw Problem.conflict(error.description, kind: "panel-full")
            case .evidenceDeadlinePassed: throw Problem.conflict(error.description, kind: "evidence-deadline-passed")
            case .sitsBeforeCaseDeadline: throw Problem.conflict(error.description, kind: "before-case-deadline")
            }
        }
        let caseID = try PanelCaseRepository.list(panel: panel.id, enrolment: enrolment.enrolment.id, recommendation: recommendation.id, caseDeadline: deadline,
                                                  on: today, organisation: organisation, actor: actor, on: connection)
        guard try RecommendationRepository.save(recommendation, creating: false, expectedVersion: recommendation.version, newVersion: nil,
                                                organisation: organisation, action: "recommendation.allocated", reason: nil, actor: actor, on: connection)
        else { throw Problem.stale(current: recommendation.version + 1) }
        return caseID
    }

    @Sendable func allocate(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.panelID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let enrolmentID: EnrolmentID? = fields.id("enrolmentId")
        try fields.finish()
        guard let enrolmentID else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> PanelCaseBody in
            guard PanelAccess.canManage(caller) else { throw Problem.forbidden("Cases are listed at panels by ASYE coordinators.") }
            let panel = try Self.visiblePanel(id, caller: caller, lock: true, on: connection)
            guard let enrolment = try EnrolmentRepository.find(enrolmentID, in: caller.organisationID, on: connection) else {
                throw ValidationFailure(field: "enrolmentId", message: "No such enrolment in this organisation.")
            }
            let caseID = try Self.list(enrolment, at: panel, today: today, organisation: caller.organisationID, actor: Self.actor(caller, requestID), on: connection)
            let view = try PanelView.load(panel, organisation: caller.organisationID, on: connection)
            return PanelCaseBody(try Self.panelCase(caseID, in: view), view: view, names: true)
        }
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version))
    }

    @Sendable func release(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.panelID(context)
        let caseID = try Self.caseID(context)
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let reason = fields.string("reason", maxLength: 4000)
        if let reason, reason.trimmingCharacters(in: .whitespaces).isEmpty { fields.add("reason", "Say why the case is released.") }
        try fields.finish()
        guard let reason else { throw Problem.internalError(requestID: context.requestID) }
        let body = try await services.write(context) { connection, caller, requestID -> PanelCaseBody in
            guard PanelAccess.canManage(caller) else { throw Problem.forbidden("Cases are released by ASYE coordinators.") }
            let panel = try Self.visiblePanel(id, caller: caller, lock: true, on: connection)
            let record = try Self.panelCase(caseID, in: try PanelView.load(panel, organisation: caller.organisationID, on: connection))
            guard record.version == (expected ?? record.version) else { throw Problem.stale(current: record.version) }
            try Self.release(record, reason: reason, organisation: caller.organisationID, actor: Self.actor(caller, requestID), on: connection)
            let view = try PanelView.load(panel, organisation: caller.organisationID, on: connection)
            return PanelCaseBody(try Self.panelCase(caseID, in: view), view: view, names: true)
        }
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func declareConflict(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.panelID(context)
        let caseID = try Self.caseID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let reason = fields.string("reason", maxLength: 4000)
        if let reason, reason.trimmingCharacters(in: .whitespaces).isEmpty { fields.add("reason", "Describe the conflict of interest.") }
        try fields.finish()
        guard let reason else { throw Problem.internalError(requestID: context.requestID) }
        let body = try await services.write(context) { connection, caller, requestID -> PanelCaseBody in
            let panel = try Self.visiblePanel(id, caller: caller, on: connection)
            guard PanelAccess.sits(caller, members: panel.memberIDs) else { throw Problem.forbidden("Members of this panel declare their own conflicts.") }
            guard panel.machine.state.packsOpen else { throw Problem.conflict("The panel is \(panel.machine.state.name).", kind: "panel-transition-refused") }
            let view = try PanelView.load(panel, organisation: caller.organisationID, on: connection)
            let record = try Self.panelCase(caseID, in: view)
            guard record.machine.state == .listed else { throw Problem.conflict("The case is \(record.machine.state.name).", kind: "case-transition-refused") }
            try PanelCaseRepository.declareConflict(caller.personID, case: record, reason: reason, organisation: caller.organisationID,
                                                    actor: Self.actor(caller, requestID), on: connection)
            let updated = try PanelView.load(panel, organisation: caller.organisationID, on: connection)
            return PanelCaseBody(try Self.panelCase(caseID, in: updated), view: updated, names: PanelAccess.seesNames(caller, anonymised: panel.anonymised))
        }
        return try JSONResponse.make(body, status: .created)
    }
}
