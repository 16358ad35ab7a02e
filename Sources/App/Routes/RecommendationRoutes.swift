internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// The assessor's final recommendation: submitted with an immutable snapshot of
/// the sufficiency findings and evidence, amended only as a new version with a
/// reason, withdrawn with a reason before a decision.
struct RecommendationRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/recommendation", operationID: "getRecommendation", get)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/recommendation", operationID: "submitRecommendation", submit)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/recommendation/amendments", operationID: "amendRecommendation", amend)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/recommendation/withdrawal", operationID: "withdrawRecommendation", withdraw)
    }

    struct Snapshot: Encodable {
        var sufficiency: SufficiencyBody
        var evidence: [EvidenceBody]
    }

    struct Input: Sendable {
        var outcome: RecommendedOutcome
        var rationale: String
        var borderline: Bool
        var grade: Int?
        var justifications: [Criterion: String]
    }

    static func input(_ fields: inout JSONFields) -> Input? {
        let outcome = fields.choice("outcome", as: RecommendedOutcome.self)
        let rationale = fields.string("rationale", maxLength: 20_000)
        let borderline = fields.bool("borderline", required: false) ?? false
        let grade = fields.int("grade", required: false, range: 1...7)
        var justifications: [Criterion: String] = [:]
        if var readers = fields.objects("justifications", required: false) {
            for index in readers.indices {
                let criterion = readers[index].choice("criterion", as: Criterion.self)
                let text = readers[index].string("text", maxLength: 8000)
                fields.absorb(&readers[index], prefix: "justifications/\(index)")
                if let criterion, let text { justifications[criterion] = text }
            }
        }
        guard let outcome, let rationale else { return nil }
        return Input(outcome: outcome, rationale: rationale, borderline: borderline, grade: grade, justifications: justifications)
    }

    @Sendable func get(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let body = try await services.read(context) { connection, caller in
            _ = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            guard let record = try RecommendationRepository.find(for: id, organisation: caller.organisationID, on: connection) else {
                throw Problem.notFound("recommendation")
            }
            return RecommendationBody(record)
        }
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }

    @Sendable func submit(_ request: Request, context: QuorumContext) async throws -> Response {
        try await version(request, context: context, amending: false)
    }

    @Sendable func amend(_ request: Request, context: QuorumContext) async throws -> Response {
        try await version(request, context: context, amending: true)
    }

    private func version(_ request: Request, context: QuorumContext, amending: Bool) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let expected = amending ? try ETag.requiredVersion(request) : nil
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let input = Self.input(&fields)
        let reason = amending ? fields.string("reason", maxLength: 4000) : nil
        if amending, let reason, reason.trimmingCharacters(in: .whitespaces).isEmpty { fields.add("reason", "Say why the recommendation is amended.") }
        try fields.finish()
        guard let input else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> RecommendationBody in
            let portfolio = try Portfolio.load(id, caller: caller, on: connection)
            guard EnrolmentAccess.canAssess(caller, portfolio.record.enrolment) else {
                throw Problem.forbidden("Only the NQSW's current assessor makes the final recommendation.")
            }
            guard try ReviewRepository.reviews(of: id, organisation: caller.organisationID, on: connection).contains(where: \.isFinal) else {
                throw Problem.conflict("The recommendation is recorded at the final (12-month) review; record that review first.", kind: "no-final-review")
            }
            let policy = try PolicyRepository.current(for: caller.organisationID, on: connection)
            let findings = SufficiencyCheck.run(
                portfolio: portfolio.items, frameworks: portfolio.frameworks, clock: portfolio.clock, policy: policy,
                openMatters: try ConcernRepository.openMatters(for: id, organisation: caller.organisationID, asOf: today, on: connection), asOf: today)
            try RecommendationSubmission.validate(outcome: input.outcome, rationale: input.rationale, findings: findings, justifications: input.justifications)
            let existing = try RecommendationRepository.find(for: id, organisation: caller.organisationID, on: connection)
            if !amending && existing != nil { throw Problem.conflict("A recommendation is already submitted; amend it with a reason.", kind: "already-submitted") }
            if amending && existing == nil { throw Problem.notFound("recommendation") }
            var record = existing ?? RecommendationRecord(id: UUID(), enrolmentID: id, machine: RecommendationMachine(), versions: [], version: 1)
            if amending, record.version != (expected ?? record.version) { throw Problem.stale(current: record.version) }
            do {
                _ = try record.machine.apply(amending ? .amend(reason: reason ?? "") : .submit)
            } catch let error as RecommendationMachine.TransitionError {
                throw Problem.conflict("\(error.reason) (state: \(error.state.name))", kind: "recommendation-transition-refused")
            }
            let snapshot = Snapshot(sufficiency: SufficiencyBody(findings: findings, asOf: today, policy: policy, frameworks: portfolio.frameworks),
                                    evidence: portfolio.items.map(EvidenceBody.init))
            let number = (record.versions.last?.number ?? 0) + 1
            let newVersion = RecommendationRecord.Version(
                number: number, outcome: input.outcome, rationale: input.rationale, borderline: input.borderline, grade: input.grade,
                justifications: Dictionary(uniqueKeysWithValues: input.justifications.map { ($0.key.rawValue, $0.value) }),
                snapshot: String(decoding: try JSONEncoder.quorum.encode(snapshot), as: UTF8.self), amendmentReason: reason,
                submittedBy: caller.personID, submittedOn: today)
            let actor = Actor(personID: caller.personID, role: Role.assessor.rawValue, requestID: requestID)
            guard try RecommendationRepository.save(record, creating: existing == nil, expectedVersion: record.version, newVersion: newVersion,
                                                    organisation: caller.organisationID, action: amending ? "recommendation.amended" : "recommendation.submitted",
                                                    reason: reason, actor: actor, on: connection)
            else { throw Problem.stale(current: record.version + 1) }
            guard let saved = try RecommendationRepository.find(for: id, organisation: caller.organisationID, on: connection) else { throw Problem.notFound("recommendation") }
            return RecommendationBody(saved)
        }
        return try JSONResponse.make(body, status: .created, etag: ETag.make(body.version))
    }

    @Sendable func withdraw(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let reason = fields.string("reason", maxLength: 4000)
        if let reason, reason.trimmingCharacters(in: .whitespaces).isEmpty { fields.add("reason", "Say why it is withdrawn.") }
        try fields.finish()
        guard let reason else { throw Problem.internalError(requestID: context.requestID) }
        let body = try await services.write(context) { connection, caller, requestID -> RecommendationBody in
            let enrolment = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection).enrolment
            guard EnrolmentAccess.canAssess(caller, enrolment) || EnrolmentAccess.canChange(caller, enrolment) else {
                throw Problem.forbidden("The assessor or a coordinator withdraws a recommendation.")
            }
            guard var record = try RecommendationRepository.find(for: id, organisation: caller.organisationID, on: connection) else {
                throw Problem.notFound("recommendation")
            }
            guard record.version == (expected ?? record.version) else { throw Problem.stale(current: record.version) }
            do { _ = try record.machine.apply(.withdraw(reason: reason)) } catch let error as RecommendationMachine.TransitionError {
                throw Problem.conflict("\(error.reason) (state: \(error.state.name))", kind: "recommendation-transition-refused")
            }
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: enrolment).rawValue, requestID: requestID)
            guard try RecommendationRepository.save(record, creating: false, expectedVersion: record.version, newVersion: nil,
                                                    organisation: caller.organisationID, action: "recommendation.withdrawn", reason: reason, actor: actor, on: connection)
            else { throw Problem.stale(current: record.version + 1) }
            guard let saved = try RecommendationRepository.find(for: id, organisation: caller.organisationID, on: connection) else { throw Problem.notFound("recommendation") }
            return RecommendationBody(saved)
        }
        return try JSONResponse.make(body, etag: ETag.make(body.version))
    }
}

/// A recommendation with its history as the API shows it.
struct RecommendationBody: Encodable, Sendable {
    struct Version: Encodable, Sendable {
        var number: Int
        var outcome: String
        var rationale: String
        var borderline: Bool
        var grade: Int?
        var justifications: [String: String]
        var snapshot: JSONValue?
        var amendmentReason: String?
        var submittedBy: String
        var submittedOn: String
    }

    var id: String
    var state: String
    var currentVersion: Int
    var versions: [Version]
    var version: Int

    init(_ record: RecommendationRecord) {
        id = record.id.uuidString.lowercased()
        state = record.machine.state.name
        currentVersion = record.versions.last?.number ?? 1
        versions = record.versions.map {
            Version(number: $0.number, outcome: $0.outcome.rawValue, rationale: $0.rationale, borderline: $0.borderline, grade: $0.grade,
                    justifications: $0.justifications, snapshot: try? JSONDecoder().decode(JSONValue.self, from: Data($0.snapshot.utf8)),
                    amendmentReason: $0.amendmentReason, submittedBy: $0.submittedBy.description, submittedOn: $0.submittedOn.description)
        }
        version = record.version
    }
}
