internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// Moderation: a coordinator draws a reproducible sample of decided cases;
/// assigned moderators (internal, or external and anonymised) record agree or
/// disagree against the four criteria; a disagreement is a dispute the panel
/// chair and the moderator settle on the evidence.
struct ModerationRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "moderation/samples", operationID: "listModerationSamples", list)
        table.add(group, prefix: prefix, .post, "moderation/samples", operationID: "drawModerationSample", draw)
        table.add(group, prefix: prefix, .get, "moderation/samples/{sampleId}", operationID: "getModerationSample", one)
        table.add(group, prefix: prefix, .get, "moderation/samples/{sampleId}/cases/{number}/pack", operationID: "getModerationPack", pack)
        table.add(group, prefix: prefix, .post, "moderation/samples/{sampleId}/cases/{number}/reviews", operationID: "reviewModerationCase", review)
        table.add(group, prefix: prefix, .post, "moderation/samples/{sampleId}/disputes/{disputeId}/resolution", operationID: "settleModerationDispute", settle)
    }

    /// How the caller relates to a sample.
    enum Standing {
        case coordinator
        case moderator(external: Bool)
        /// Chairs a panel that decided a sampled case (they settle disputes on it).
        case chair(of: Set<PanelID>)

        var anonymised: Bool { if case .moderator(true) = self { true } else { false } }
    }

    struct Loaded {
        var sample: ModerationSampleRecord
        var standing: Standing
        var cases: [PanelCaseID: PanelCaseRecord]
        /// NQSW names by enrolment; empty for an external moderator.
        var names: [EnrolmentID: String]
    }

    static func sampleID(_ context: QuorumContext) throws -> UUID {
        let id: Identifier<ModerationSampleTag> = try EnrolmentRoutes.pathID(context, "sampleId")
        return id.uuid
    }

    /// The sample and the caller's standing; 404 for anyone without one.
    static func load(_ id: UUID, caller: Caller, on connection: PQConnection) throws -> Loaded {
        guard let sample = try ModerationRepository.samples(in: caller.organisationID, id: id, on: connection).first else { throw Problem.notFound("sample") }
        return try loaded(sample, caller: caller, on: connection)
    }

    /// Its cases, the caller's standing and (unless anonymised) the NQSWs' names, for a sample already read.
    static func loaded(_ sample: ModerationSampleRecord, caller: Caller, on connection: PQConnection) throws -> Loaded {
        let cases = Dictionary(uniqueKeysWithValues: try PanelCaseRepository.load(sample.cases.map(\.caseID), on: connection).map { ($0.id, $0) })
        let standing: Standing
        if PanelAccess.canManage(caller) {
            standing = .coordinator
        } else if caller.holds(.moderator), let moderator = sample.moderator(caller.personID) {
            standing = .moderator(external: moderator.external)
        } else if caller.holds(.panelMember), case let mine = Set(cases.values.map(\.panelID)).intersection(
            try PanelRepository.panels(in: caller.organisationID, member: caller.personID, on: connection).filter { $0.chairID == caller.personID }.map(\.id)),
            !mine.isEmpty {
            standing = .chair(of: mine)
        } else {
            throw Problem.notFound("sample")
        }
        var names: [EnrolmentID: String] = [:]
        if !standing.anonymised {
            for enrolment in Set(cases.values.map(\.enrolmentID)) {
                names[enrolment] = try EnrolmentRepository.find(enrolment, in: caller.organisationID, on: connection)?.nqswName
            }
        }
        return Loaded(sample: sample, standing: standing, cases: cases, names: names)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let body = try await services.read(context) { connection, caller -> [ModerationSampleBody] in
            guard PanelAccess.canManage(caller) || caller.holds(.moderator) else {
                throw Problem.forbidden("Moderation samples are for ASYE coordinators and moderators.")
            }
            let samples = try ModerationRepository.samples(in: caller.organisationID, moderator: PanelAccess.canManage(caller) ? nil : caller.personID, on: connection)
            return try samples.map { ModerationSampleBody(try Self.loaded($0, caller: caller, on: connection), caller: caller) }
        }
        return try JSONResponse.make(["items": body])
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.sampleID(context)
        let body = try await services.read(context) { connection, caller in
            ModerationSampleBody(try Self.load(id, caller: caller, on: connection), caller: caller)
        }
        return try JSONResponse.make(body)
    }

    @Sendable func draw(_ request: Request, context: QuorumContext) async throws -> Response {
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let from = fields.day("decidedFrom")
        let to = fields.day("decidedTo")
        let seedValue = fields.int("seed", required: false, range: 0...Int(Int64.max))
        let share = fields.int("sharePercent", required: false, range: 0...100)
        var moderators: [ModerationSampleRecord.Moderator] = []
        if var readers = fields.objects("moderators", maxCount: 10) {
            if readers.isEmpty { fields.add("moderators", "Assign at least one moderator.") }
            for index in readers.indices {
                let person: PersonID? = readers[index].id("personId")
                let external = readers[index].bool("external", required: false) ?? false
                fields.absorb(&readers[index], prefix: "moderators/\(index)")
                if let person { moderators.append(.init(personID: person, external: external)) }
            }
        }
        if let from, let to, to < from { fields.add("decidedTo", "The period ends on or after it starts.") }
        try fields.finish()
        guard let from, let to else { throw Problem.internalError(requestID: context.requestID) }
        let seed = Int64(seedValue ?? Int.random(in: 0...Int(Int32.max)))
        let assigned = moderators
        let body = try await services.write(context) { connection, caller, requestID -> ModerationSampleBody in
            guard PanelAccess.canManage(caller) else { throw Problem.forbidden("Moderation samples are drawn by ASYE coordinators.") }
            let roles = try PeopleRepository.roles(of: assigned.map(\.personID), in: caller.organisationID, on: connection)
            for (index, moderator) in assigned.enumerated() where roles[moderator.personID]?.contains(.moderator) != true {
                throw ValidationFailure(field: "moderators/\(index)/personId", message: "\(moderator.personID) is not a moderator in this organisation.")
            }
            let policy = try PolicyRepository.panel(for: caller.organisationID, on: connection).policy
            let fraction = share.map { Double($0) / 100 } ?? policy.moderationShare
            let decided = try ModerationRepository.decidedCases(from: from, to: to, organisation: caller.organisationID, on: connection)
            guard !decided.isEmpty else {
                throw ValidationFailure(field: "decidedFrom", message: "No case had a signed PASS or FAIL decision between \(from) and \(to).")
            }
            let drawn = Set(ModerationSample.draw(decided.map(\.sample), share: fraction, seed: UInt64(seed)))
            let chosen = decided.filter { drawn.contains($0.sample.id) }.sorted { $0.sample.id.description < $1.sample.id.description }.map { entry -> (PanelCaseID, String) in
                let reason = entry.sample.outcome == .fail ? "fail" : entry.sample.borderline ? "borderline" : entry.sample.grade == 3 ? "near_miss" : "random"
                return (entry.caseID, reason)
            }
            let id = UUID()
            try ModerationRepository.insert(id: id, from: from, to: to, seed: seed, share: fraction, cases: chosen, moderators: assigned,
                                            organisation: caller.organisationID,
                                            actor: Actor(personID: caller.personID, role: Role.coordinator.rawValue, requestID: requestID), on: connection)
            return ModerationSampleBody(try Self.load(id, caller: caller, on: connection), caller: caller)
        }
        return try JSONResponse.make(body, status: .created, location: "/v1/moderation/samples/\(body.id)")
    }

    static func sampledCase(_ context: QuorumContext, in loaded: Loaded) throws -> ModerationSampleRecord.SampledCase {
        guard let text = context.parameters.get("number"), let number = Int(text),
              let sampled = loaded.sample.cases.first(where: { $0.number == number }) else { throw Problem.notFound("case") }
        return sampled
    }

    @Sendable func pack(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.sampleID(context)
        let today = services.today()
        let requestID = context.requestID
        let body = try await services.read(context) { connection, caller -> PanelPackBody in
            let loaded = try Self.load(id, caller: caller, on: connection)
            let sampled = try Self.sampledCase(context, in: loaded)
            guard let record = loaded.cases[sampled.caseID],
                  let enrolment = try EnrolmentRepository.find(record.enrolmentID, in: caller.organisationID, on: connection) else { throw Problem.notFound("case") }
            if case .chair(let panels) = loaded.standing, !panels.contains(record.panelID) { throw Problem.notFound("case") }
            let role = if case .moderator = loaded.standing { Role.moderator.rawValue } else { PanelAccess.canManage(caller) ? Role.coordinator.rawValue : "panel_chair" }
            try AuditLog.recordReads(of: .panelCase, [record.id.uuid], action: "moderation.pack_read", organisation: caller.organisationID,
                                     actor: Actor(personID: caller.personID, role: role, requestID: requestID), on: connection)
            return try PanelPackBody.build(enrolment, label: "Sample case \(sampled.number)", anonymised: loaded.standing.anonymised, asOf: today, on: connection)
        }
        return try JSONResponse.make(body)
    }

    @Sendable func review(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.sampleID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let verdict = fields.choice("verdict", as: ModerationReview.Verdict.self)
        let comments = fields.texts("comments", required: false, by: Criterion.self) ?? [:]
        try fields.finish()
        guard let verdict else { throw Problem.internalError(requestID: context.requestID) }
        let review = ModerationReview(verdict: verdict, comments: comments)
        try review.validate()
        let body = try await services.write(context) { connection, caller, requestID -> ModerationSampleBody in
            let loaded = try Self.load(id, caller: caller, on: connection)
            guard case .moderator(let external) = loaded.standing else { throw Problem.forbidden("Only the sample's moderators record reviews.") }
            let sampled = try Self.sampledCase(context, in: loaded)
            _ = try ModerationRepository.insertReview(review, sample: id, case: sampled.caseID, moderator: caller.personID, external: external,
                                                      organisation: caller.organisationID,
                                                      actor: Actor(personID: caller.personID, role: Role.moderator.rawValue, requestID: requestID), on: connection)
            return ModerationSampleBody(try Self.load(id, caller: caller, on: connection), caller: caller)
        }
        return try JSONResponse.make(body, status: .created)
    }

    @Sendable func settle(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try Self.sampleID(context)
        let disputeID: Identifier<ModerationSampleTag> = try EnrolmentRoutes.pathID(context, "disputeId")
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let resolution = fields.string("resolution", maxLength: 8000)
        if let resolution, resolution.trimmingCharacters(in: .whitespaces).isEmpty { fields.add("resolution", "Record how the dispute was settled on the evidence.") }
        try fields.finish()
        guard let resolution else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let body = try await services.write(context) { connection, caller, requestID -> ModerationSampleBody in
            let loaded = try Self.load(id, caller: caller, on: connection)
            guard let review = loaded.sample.reviews.first(where: { $0.dispute?.id == disputeID.uuid }), let dispute = review.dispute else {
                throw Problem.notFound("dispute")
            }
            let role: Role
            switch loaded.standing {
            case .moderator where review.moderatorID == caller.personID: role = .moderator
            case .chair(let panels) where loaded.cases[review.caseID].map({ panels.contains($0.panelID) }) == true: role = .panelMember
            case .coordinator, .moderator, .chair:
                throw Problem.forbidden("The dispute is settled by the panel chair and the moderator who raised it.")
            }
            guard !dispute.settled else { throw Problem.conflict("The dispute is already settled.", kind: "dispute-settled") }
            guard dispute.version == (expected ?? dispute.version) else { throw Problem.stale(current: dispute.version) }
            guard try ModerationRepository.settle(dispute: dispute.id, sample: id, resolution: resolution, on: today, expectedVersion: dispute.version,
                                                  organisation: caller.organisationID,
                                                  actor: Actor(personID: caller.personID, role: role == .moderator ? "moderator" : "panel_chair", requestID: requestID),
                                                  on: connection)
            else { throw Problem.stale(current: dispute.version + 1) }
            return ModerationSampleBody(try Self.load(id, caller: caller, on: connection), caller: caller)
        }
        return try JSONResponse.make(body)
    }
}

enum ModerationSampleTag {}

/// A sample as the API shows it; external moderators see case numbers and their own reviews only.
struct ModerationSampleBody: Encodable, Sendable {
    struct Case: Encodable, Sendable {
        var number: Int
        var reason: String
        var outcome: String?
        var panelId: String?
        var enrolmentId: String?
        var nqswName: String?
    }

    struct Dispute: Encodable, Sendable {
        var id: String
        var state: String
        var resolution: String?
        var settledBy: String?
        var settledOn: String?
        var version: Int
    }

    struct Review: Encodable, Sendable {
        var id: String
        var caseNumber: Int
        var moderatorId: String
        var verdict: String
        var comments: [String: String]
        var dispute: Dispute?
    }

    struct Moderator: Encodable, Sendable {
        var personId: String
        var external: Bool
    }

    var id: String
    var decidedFrom: String
    var decidedTo: String
    var seed: Int64
    var share: Double
    var cases: [Case]
    var moderators: [Moderator]
    var reviews: [Review]

    init(_ loaded: ModerationRoutes.Loaded, caller: Caller) {
        let sample = loaded.sample
        let anonymised = loaded.standing.anonymised
        id = sample.id.uuidString.lowercased()
        decidedFrom = sample.decidedFrom.description
        decidedTo = sample.decidedTo.description
        seed = sample.seed
        share = sample.share
        cases = sample.cases.map { sampled in
            let record = loaded.cases[sampled.caseID]
            return Case(number: sampled.number, reason: sampled.reason, outcome: record?.decision?.outcome.rawValue,
                        panelId: anonymised ? nil : record?.panelID.description, enrolmentId: anonymised ? nil : record?.enrolmentID.description,
                        nqswName: record.flatMap { loaded.names[$0.enrolmentID] })
        }
        moderators = anonymised ? [] : sample.moderators.map { Moderator(personId: $0.personID.description, external: $0.external) }
        let numbers = Dictionary(uniqueKeysWithValues: sample.cases.map { ($0.caseID, $0.number) })
        reviews = sample.reviews.filter { !anonymised || $0.moderatorID == caller.personID }.map { review in
            Review(id: review.id.uuidString.lowercased(), caseNumber: numbers[review.caseID] ?? 0, moderatorId: review.moderatorID.description,
                   verdict: review.verdict.rawValue, comments: review.comments,
                   dispute: review.dispute.map {
                       Dispute(id: $0.id.uuidString.lowercased(), state: $0.settled ? "settled" : "open", resolution: $0.resolution,
                               settledBy: $0.settledBy?.description, settledOn: $0.settledOn?.description, version: $0.version)
                   })
        }
    }
}
