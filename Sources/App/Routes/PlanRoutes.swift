internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// Support and action plans: drafted with SMART objectives, acknowledged by
/// all three, reviewed objective by objective, and ended by the machine's rules.
struct PlanRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/plans", operationID: "listPlans", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/plans", operationID: "draftPlan", draft)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/plans/{planId}/events", operationID: "applyPlanEvent", event)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let requestID = context.requestID
        let plans = try await services.read(context) { connection, caller in
            let record = try ConcernRoutes.record(id, caller: caller, hrForEscalatedPlans: true, on: connection)
            let hrOnly = !EnrolmentAccess.canViewConcerns(caller, record.enrolment)
            let visible = try SupportPlanRepository.plans(of: id, organisation: caller.organisationID, on: connection)
                .filter { plan in
                    guard hrOnly else { return true }
                    if case .escalated = plan.machine.state { return true }
                    return false
                }
            // Support and action plans are sensitive: every read is in the audit trail.
            try AuditLog.recordReads(of: .plan, visible.map(\.id), action: "plan.read", organisation: caller.organisationID,
                                     actor: Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue,
                                                  requestID: requestID), on: connection)
            return visible.map(PlanBody.init)
        }
        return try JSONResponse.make(["items": plans])
    }

    /// Reads objectives; each needs a description, statements and a target date.
    static func objectives(_ fields: inout JSONFields, required: Bool) -> [PlanRecord.Objective]? {
        guard var readers = fields.objects("objectives", required: required) else { return nil }
        if readers.isEmpty { fields.add("objectives", "A plan needs at least one SMART objective.") }
        var result: [PlanRecord.Objective] = []
        for index in readers.indices {
            let description = readers[index].string("description", maxLength: 4000)
            let statements = readers[index].strings("statements")
            let target = readers[index].day("targetDate")
            if statements?.isEmpty == true { readers[index].add("statements", "Link the objective to at least one KSS statement or PCF domain.") }
            fields.absorb(&readers[index], prefix: "objectives/\(index)")
            if let description, let statements, let target {
                result.append(PlanRecord.Objective(number: index + 1, description: description, statements: statements, targetDate: target))
            }
        }
        return result
    }

    @Sendable func draft(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let concernTexts = fields.strings("concernIds", required: false) ?? []
        let concernIDs = concernTexts.compactMap { UUID(uuidString: $0).map(ConcernID.init) }
        if concernIDs.count != concernTexts.count { fields.add("concernIds", "Expected concern ids (UUIDs).") }
        let support = fields.string("support", maxLength: 8000)
        let nextReview = fields.day("nextReviewOn")
        let objectives = Self.objectives(&fields, required: true)
        try fields.finish()
        guard let support, let nextReview, let objectives else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let plan = try await services.write(context) { connection, caller, requestID -> PlanRecord in
            let record = try ConcernRoutes.record(id, caller: caller, on: connection)
            guard EnrolmentAccess.canRaiseConcern(caller, record.enrolment) else {
                throw Problem.forbidden("A plan is written by the NQSW's assessor, line manager or a coordinator.")
            }
            var issues: [FieldIssue] = []
            if let frameworks = try FrameworkRepository.pinned(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID, on: connection) {
                for objective in objectives {
                    issues += frameworks.validateMapping(objective.statements, field: "objectives/\(objective.number - 1)/statements")
                }
            }
            let known = Set(try ConcernRepository.concerns(of: id, organisation: caller.organisationID, on: connection).map(\.id))
            for concern in concernIDs where !known.contains(concern) {
                issues.append(FieldIssue(field: "concernIds", message: "\(concern) is not a concern about this NQSW."))
            }
            if nextReview <= today { issues.append(FieldIssue(field: "nextReviewOn", message: "Set a review date after today.")) }
            if !issues.isEmpty { throw ValidationFailure(issues) }
            let plan = PlanRecord(
                id: UUID(), enrolmentID: id, machine: SupportAndActionPlan(), concernIDs: concernIDs, support: support,
                nextReviewOn: nextReview, acknowledgements: [:], nqswComments: nil, objectives: objectives, version: 1)
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            try SupportPlanRepository.insert(plan, organisation: caller.organisationID, actor: actor, on: connection)
            return plan
        }
        return try JSONResponse.make(PlanBody(plan), status: .created, etag: ETag.make(plan.version))
    }

    @Sendable func event(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let planID: UUID = (try EnrolmentRoutes.pathID(context, "planId") as Identifier<PlanTag>).uuid
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let name = fields.string("event", maxLength: 40)
        let reason = fields.string("reason", required: false, maxLength: 4000)
        let procedure = fields.string("procedure", required: false, maxLength: 40)
        let outcome = fields.string("outcome", required: false, maxLength: 8000)
        let comments = fields.string("comments", required: false, maxLength: 8000)
        let support = fields.string("support", required: false, maxLength: 8000)
        let nextReview = fields.day("nextReviewOn", required: false)
        let objectives = Self.objectives(&fields, required: false)
        var outcomes: [(Int, String, String)] = []
        if var readers = fields.objects("objectiveOutcomes", required: false) {
            for index in readers.indices {
                let number = readers[index].int("number", range: 1...20)
                let result = readers[index].string("outcome", maxLength: 20)
                let note = readers[index].string("note", required: false, maxLength: 4000) ?? ""
                if let result, !["met", "partly_met", "not_met"].contains(result) {
                    readers[index].add("outcome", "Expected one of: met, partly_met, not_met.")
                }
                fields.absorb(&readers[index], prefix: "objectiveOutcomes/\(index)")
                if let number, let result { outcomes.append((number, result, note)) }
            }
        }
        let event: SupportAndActionPlan.Event? = switch name {
        case "edit": .edit
        case "acknowledge": .acknowledge(.nqsw) // the party is the caller's; set below
        case "start": .start
        case "begin_review": .beginReview
        case "close": .close
        case "extend": .extend(reason: reason ?? "")
        case "escalate": .escalate(procedure: procedure ?? "")
        case "record_procedure_outcome": .recordProcedureOutcome(outcome ?? "")
        case "cancel": .cancel(reason: reason ?? "")
        default: nil
        }
        if name != nil && event == nil {
            fields.add("event", "Expected one of: edit, acknowledge, start, begin_review, close, extend, escalate, record_procedure_outcome, cancel.")
        }
        if ["extend", "cancel"].contains(name) && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { fields.add("reason", "Required for this event.") }
        if name == "extend" && nextReview == nil { fields.add("nextReviewOn", "Give the new review date.") }
        if name == "escalate" && !["performance", "capability", "disciplinary"].contains(procedure ?? "") {
            fields.add("procedure", "Expected one of: performance, capability, disciplinary.")
        }
        if name == "record_procedure_outcome" && (outcome ?? "").isEmpty { fields.add("outcome", "Required for this event.") }
        try fields.finish()
        guard let name, let requested = event else { throw Problem.internalError(requestID: context.requestID) }
        let reviewed = outcomes
        let today = services.today()
        let plan = try await services.write(context) { connection, caller, requestID -> PlanRecord in
            let record = try ConcernRoutes.record(id, caller: caller, hrForEscalatedPlans: true, on: connection)
            guard var plan = try SupportPlanRepository.plans(of: id, organisation: caller.organisationID, on: connection).first(where: { $0.id == planID }) else {
                throw Problem.notFound("plan")
            }
            if !EnrolmentAccess.canViewConcerns(caller, record.enrolment) {
                guard case .escalated = plan.machine.state else { throw Problem.notFound("plan") }
            }
            let party = EnrolmentAccess.reviewSigner(caller, record.enrolment).map { signer -> PlanParty in
                switch signer {
                case .nqsw: .nqsw
                case .assessor: .assessor
                case .lineManager: .lineManager
                }
            }
            let isCoordinator = EnrolmentAccess.canChange(caller, record.enrolment)
            let staff = party == .assessor || party == .lineManager || isCoordinator
            let allowed: Bool = switch name {
            case "acknowledge": party != nil
            case "edit", "start", "begin_review", "close", "extend": staff
            case "escalate", "cancel": isCoordinator
            case "record_procedure_outcome": isCoordinator || (caller.holds(.hr) && caller.organisationID == record.enrolment.organisationID)
            default: false
            }
            guard allowed else { throw Problem.forbidden("Your role cannot \(name.replacingOccurrences(of: "_", with: " ")) this plan.") }
            guard plan.version == (expected ?? plan.version) else { throw Problem.stale(current: plan.version) }
            var event = requested
            if case .acknowledge = event, let party { event = .acknowledge(party) }
            if name == "begin_review" {
                let numbers = Set(reviewed.map(\.0))
                if numbers != Set(plan.objectives.map(\.number)) {
                    throw ValidationFailure(field: "objectiveOutcomes", message: "Review every objective: met, partly_met or not_met, one each.")
                }
            }
            if name == "close" && plan.objectives.contains(where: { $0.lastOutcome != "met" }) {
                throw Problem.conflict("Every objective must be met at the review to close the plan; extend or escalate it instead.", kind: "objectives-not-met")
            }
            let effects: [SupportAndActionPlan.Effect]
            do { effects = try plan.machine.apply(event) } catch let error as SupportAndActionPlan.TransitionError {
                throw Problem.conflict("\(error.reason) (state: \(error.state.name), event: \(name))", kind: "plan-transition-refused")
            }
            var changes = [FieldChange(field: "state", before: nil, after: plan.machine.state.name)]
            if case .acknowledge(let who) = event {
                plan.acknowledgements[who] = today
                if who == .nqsw, let comments { plan.nqswComments = comments }
            }
            if name == "edit" {
                plan.acknowledgements = [:]
                if let support { plan.support = support }
                if let nextReview { plan.nextReviewOn = nextReview }
                if let objectives, !objectives.isEmpty { plan.objectives = objectives }
                changes.append(FieldChange(field: "acknowledgements", before: nil, after: "cleared"))
            }
            if name == "extend", let nextReview {
                changes.append(FieldChange(field: "nextReviewOn", before: plan.nextReviewOn.description, after: nextReview.description))
                plan.nextReviewOn = nextReview
            }
            if effects.contains(.agreed) { changes.append(FieldChange(field: "agreed", before: nil, after: today.description)) }
            let actor = Actor(personID: caller.personID, role: party?.rawValue ?? (isCoordinator ? Role.coordinator.rawValue : Role.hr.rawValue), requestID: requestID)
            guard try SupportPlanRepository.save(
                plan, expectedVersion: plan.version, organisation: caller.organisationID, objectivesChanged: name == "edit" && objectives != nil,
                objectiveOutcomes: name == "begin_review" ? reviewed : [], action: "plan.\(name)", reason: reason, changes: changes,
                reviewedOn: today, actor: actor, on: connection)
            else { throw Problem.stale(current: plan.version + 1) }
            guard let saved = try SupportPlanRepository.plans(of: id, organisation: caller.organisationID, on: connection).first(where: { $0.id == planID }) else {
                throw Problem.notFound("plan")
            }
            return saved
        }
        return try JSONResponse.make(PlanBody(plan), etag: ETag.make(plan.version))
    }
}

enum PlanTag {}

/// A plan as the API shows it.
struct PlanBody: Encodable, Sendable {
    struct Objective: Encodable, Sendable {
        var number: Int
        var description: String
        var statements: [String]
        var targetDate: String
        var lastOutcome: String?
    }

    var id: String
    var state: String
    var concernIds: [String]
    var support: String
    var nextReviewOn: String
    var extensions: Int
    var maximumExtensions: Int
    var acknowledgements: [String: String]
    var nqswComments: String?
    var procedure: String?
    var procedureOutcome: String?
    var cancelReason: String?
    var objectives: [Objective]
    var version: Int

    init(_ plan: PlanRecord) {
        id = plan.id.uuidString.lowercased()
        state = plan.machine.state.name
        concernIds = plan.concernIDs.map(\.description)
        support = plan.support
        nextReviewOn = plan.nextReviewOn.description
        extensions = plan.machine.extensions
        maximumExtensions = plan.machine.maximumExtensions
        acknowledgements = Dictionary(uniqueKeysWithValues: plan.acknowledgements.map { ($0.key.rawValue, $0.value.description) })
        nqswComments = plan.nqswComments
        switch plan.machine.state {
        case .escalated(let name, let outcome): procedure = name; procedureOutcome = outcome
        case .cancelled(let reason): cancelReason = reason
        case .draft, .agreed, .active, .underReview, .closed: break
        }
        objectives = plan.objectives.map {
            Objective(number: $0.number, description: $0.description, statements: $0.statements, targetDate: $0.targetDate.description, lastOutcome: $0.lastOutcome)
        }
        version = plan.version
    }
}
