internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// Reviews at 3, 6, 9 and 12 months, their sign-off, and the change of assessor.
struct ReviewRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "enrolments/{enrolmentId}/reviews", operationID: "listReviews", list)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/reviews", operationID: "createReview", create)
        table.add(group, prefix: prefix, .patch, "enrolments/{enrolmentId}/reviews/{reviewId}", operationID: "editReview", edit)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/reviews/{reviewId}/signatures", operationID: "signReview", sign)
        table.add(group, prefix: prefix, .post, "enrolments/{enrolmentId}/assessor-changes", operationID: "changeAssessor", changeAssessor)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let reviews = try await services.read(context) { connection, caller in
            _ = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            return try ReviewRepository.reviews(of: id, organisation: caller.organisationID, on: connection).map(ReviewBody.init)
        }
        return try JSONResponse.make(["items": reviews])
    }

    @Sendable func create(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let milestone = fields.int("milestone", range: 3...12)
        let heldOn = fields.day("heldOn")
        let progress = fields.string("progress", maxLength: 20_000)
        let statements = fields.strings("statements", required: false) ?? []
        let assessorComments = fields.string("assessorComments", required: false, maxLength: 20_000) ?? ""
        let lineManagerComments = fields.string("lineManagerComments", required: false, maxLength: 20_000) ?? ""
        let agreedActions = fields.string("agreedActions", required: false, maxLength: 20_000) ?? ""
        let circumstances = fields.string("assessorChangeCircumstances", required: false, maxLength: 4000)
        let amends = fields.id("amendsReviewId", required: false, as: ReviewID.self)
        let amendmentReason = fields.string("amendmentReason", required: false, maxLength: 4000)
        try fields.finish()
        guard let milestone, let heldOn, let progress else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let review = try await services.write(context) { connection, caller, requestID -> Review in
            let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            guard EnrolmentAccess.canWriteReview(caller, record.enrolment) else {
                throw Problem.forbidden("Reviews are written by the NQSW's assessor or line manager.")
            }
            let existing = try ReviewRepository.reviews(of: id, organisation: caller.organisationID, on: connection)
            if let amends {
                guard let original = existing.first(where: { $0.id == amends }), original.enrolmentID == id else {
                    throw ValidationFailure(field: "amendsReviewId", message: "No such review of this year.")
                }
                guard original.machine.state == .signed else {
                    throw Problem.conflict("Only a signed review is amended; edit the draft instead.", kind: "review-not-signed")
                }
            }
            let review = Review(
                id: .random(), enrolmentID: id, milestone: milestone, heldOn: heldOn, progress: progress, statements: statements,
                assessorComments: assessorComments, lineManagerComments: lineManagerComments, nqswComments: "",
                agreedActions: agreedActions, assessorChangeCircumstances: circumstances, amends: amends, amendmentReason: amendmentReason)
            guard let frameworks = try FrameworkRepository.pinned(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID, on: connection) else {
                throw Problem.internalError(requestID: requestID)
            }
            try review.validate(yearStart: record.enrolment.startDate, today: today, frameworks: frameworks, assessorChanged: false)
            let actor = Actor(personID: caller.personID, role: EnrolmentAccess.actingRole(caller, on: record.enrolment).rawValue, requestID: requestID)
            try ReviewRepository.insert(review, organisation: caller.organisationID, actor: actor, on: connection)
            return review
        }
        return try JSONResponse.make(ReviewBody(review), status: .created, etag: ETag.make(review.version),
                                     location: "/v1/enrolments/\(id)/reviews/\(review.id)")
    }

    @Sendable func edit(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let reviewID = try Self.reviewID(context)
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let progress = fields.string("progress", required: false, maxLength: 20_000)
        let statements = fields.strings("statements", required: false)
        let assessorComments = fields.string("assessorComments", required: false, maxLength: 20_000)
        let lineManagerComments = fields.string("lineManagerComments", required: false, maxLength: 20_000)
        let nqswComments = fields.string("nqswComments", required: false, maxLength: 20_000)
        let agreedActions = fields.string("agreedActions", required: false, maxLength: 20_000)
        let circumstances = fields.string("assessorChangeCircumstances", required: false, maxLength: 4000)
        try fields.finish()
        let today = services.today()
        let review = try await services.write(context) { connection, caller, requestID -> Review in
            let (record, current) = try Self.visibleReview(id, reviewID, caller: caller, on: connection)
            guard let signer = EnrolmentAccess.reviewSigner(caller, record.enrolment) else {
                throw Problem.forbidden("Only the NQSW, their assessor and line manager edit a review.")
            }
            // The NQSW writes their own comments; the assessor and line manager the rest.
            let staffFields: [Any?] = [progress, statements, assessorComments, lineManagerComments, agreedActions, circumstances]
            if signer == .nqsw && staffFields.contains(where: { $0 != nil }) {
                throw Problem.forbidden("The NQSW edits their own comments only.")
            }
            if signer != .nqsw && nqswComments != nil {
                throw Problem.forbidden("Only the NQSW writes the NQSW's comments.")
            }
            guard current.version == (expected ?? current.version) else { throw Problem.stale(current: current.version) }
            var machine = current.machine
            do { _ = try machine.apply(.edit) } catch let error as ReviewMachine.TransitionError { throw Problem.conflict("\(error.reason) (state: \(ReviewBody(current).status), event: edit)", kind: "review-locked") }
            var next = current
            var changes: [FieldChange] = []
            func set(_ field: String, _ value: String?, _ keyPath: WritableKeyPath<Review, String>) {
                guard let value, value != next[keyPath: keyPath] else { return }
                changes.append(FieldChange(field: field, before: nil, after: nil))
                next[keyPath: keyPath] = value
            }
            set("progress", progress, \.progress)
            set("assessorComments", assessorComments, \.assessorComments)
            set("lineManagerComments", lineManagerComments, \.lineManagerComments)
            set("nqswComments", nqswComments, \.nqswComments)
            set("agreedActions", agreedActions, \.agreedActions)
            if let statements { next.statements = statements; changes.append(FieldChange(field: "statements", before: current.statements.joined(separator: ","), after: statements.joined(separator: ","))) }
            if let circumstances { next.assessorChangeCircumstances = circumstances; changes.append(FieldChange(field: "assessorChangeCircumstances", before: nil, after: nil)) }
            guard let frameworks = try FrameworkRepository.pinned(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID, on: connection) else {
                throw Problem.internalError(requestID: requestID)
            }
            try next.validate(yearStart: record.enrolment.startDate, today: today, frameworks: frameworks, assessorChanged: false)
            let actor = Actor(personID: caller.personID, role: signer.rawValue, requestID: requestID)
            guard try ReviewRepository.updateContent(next, expectedVersion: current.version, organisation: caller.organisationID, changes: changes, actor: actor, on: connection) else {
                throw Problem.stale(current: current.version + 1)
            }
            next.version = current.version + 1
            return next
        }
        return try JSONResponse.make(ReviewBody(review), etag: ETag.make(review.version))
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let reviewID = try Self.reviewID(context)
        let expected = try ETag.requiredVersion(request)
        let today = services.today()
        let review = try await services.write(context) { connection, caller, requestID -> Review in
            let (record, current) = try Self.visibleReview(id, reviewID, caller: caller, on: connection)
            guard let signer = EnrolmentAccess.reviewSigner(caller, record.enrolment) else {
                throw Problem.forbidden("A review is signed by the NQSW, their current assessor and their line manager.")
            }
            guard current.version == (expected ?? current.version) else { throw Problem.stale(current: current.version) }
            var machine = current.machine
            let effects: [ReviewMachine.Effect]
            do { effects = try machine.apply(.sign(signer)) } catch let error as ReviewMachine.TransitionError { throw Problem.conflict("\(error.reason) (state: \(ReviewBody(current).status), event: sign as \(signer.rawValue))", kind: "review-sign-refused") }
            // Seed 000: after a change of assessor, the next review records the circumstances.
            let previous = try ReviewRepository.reviews(of: id, organisation: caller.organisationID, on: connection)
                .filter { $0.machine.state == .signed && $0.heldOn < current.heldOn && $0.id != current.id }
                .map(\.heldOn).max() ?? record.enrolment.startDate.adding(days: -1)
            let changed = try AssessorChangeRepository.changed(id, after: previous, through: current.heldOn, on: connection)
            if changed && (current.assessorChangeCircumstances ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationFailure(field: "assessorChangeCircumstances",
                                        message: "The assessor changed since the last review: record the circumstances before signing.")
            }
            let actor = Actor(personID: caller.personID, role: signer.rawValue, requestID: requestID)
            guard try ReviewRepository.sign(reviewID, as: signer, by: caller.personID, on: today, expectedVersion: current.version,
                                            organisation: caller.organisationID, completes: effects.contains(.completed), actor: actor, on: connection)
            else { throw Problem.stale(current: current.version + 1) }
            var next = current
            next.signatures[signer] = today
            next.version += 1
            return next
        }
        return try JSONResponse.make(ReviewBody(review), etag: ETag.make(review.version))
    }

    @Sendable func changeAssessor(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = try EnrolmentRoutes.enrolmentID(context)
        let expected = try ETag.requiredVersion(request)
        var fields = try await request.jsonFields(limit: context.maxUploadSize)
        let assessor = fields.id("assessorId", as: PersonID.self)
        let changedOn = fields.day("changedOn")
        let circumstances = fields.string("circumstances", maxLength: 4000)
        let handoverNote = fields.string("handoverNote", required: false, maxLength: 8000)
        let noHandoverReason = fields.string("noHandoverReason", required: false, maxLength: 4000)
        if (handoverNote ?? "").isEmpty == (noHandoverReason ?? "").isEmpty {
            fields.add("handoverNote", "Give the outgoing assessor's handover note, or the reason there is none (noHandoverReason) — one of the two.")
        }
        if let circumstances, circumstances.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fields.add("circumstances", "Record the circumstances of the change.")
        }
        try fields.finish()
        guard let assessor, let changedOn, let circumstances else { throw Problem.internalError(requestID: context.requestID) }
        let today = services.today()
        let record = try await services.write(context) { connection, caller, requestID -> EnrolmentRecord in
            let current = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
            guard EnrolmentAccess.canChange(caller, current.enrolment) else {
                throw Problem.forbidden("The ASYE coordinator records a change of assessor.")
            }
            let version = expected ?? current.enrolment.version
            guard current.enrolment.version == version else { throw Problem.stale(current: current.enrolment.version) }
            if changedOn > today || changedOn < current.enrolment.startDate {
                throw ValidationFailure(field: "changedOn", message: "The change falls within the year so far (\(current.enrolment.startDate) to \(today)).")
            }
            let roles = try PeopleRepository.roles(of: [assessor], in: caller.organisationID, on: connection)
            let (updated, changes) = try current.enrolment.applying(EnrolmentChange(assessorID: assessor, reason: circumstances), roles: roles, today: today)
            let actor = Actor(personID: caller.personID, role: Role.coordinator.rawValue, requestID: requestID)
            try AssessorChangeRepository.insert(.init(
                fromAssessor: current.enrolment.assessorID, toAssessor: assessor, changedOn: changedOn, circumstances: circumstances,
                handoverNote: handoverNote, noHandoverReason: noHandoverReason), enrolment: current.enrolment, actor: actor, on: connection)
            guard try EnrolmentRepository.update(updated, expectedVersion: version, changes: changes + [FieldChange(field: "changedOn", before: nil, after: changedOn.description)],
                                                 reason: circumstances, actor: actor, on: connection)
            else { throw Problem.stale(current: version + 1) }
            guard let record = try EnrolmentRepository.find(id, in: caller.organisationID, on: connection) else { throw Problem.notFound("enrolment") }
            return record
        }
        return try JSONResponse.make(EnrolmentBody(record), status: .created, etag: ETag.make(record.enrolment.version))
    }

    static func reviewID(_ context: QuorumContext) throws -> ReviewID {
        try EnrolmentRoutes.pathID(context, "reviewId")
    }

    static func visibleReview(_ id: EnrolmentID, _ reviewID: ReviewID, caller: Caller, on connection: PQConnection) throws -> (EnrolmentRecord, Review) {
        let record = try EnrolmentRoutes.visibleRecord(id, caller: caller, on: connection)
        guard let review = try ReviewRepository.reviews(of: id, organisation: caller.organisationID, on: connection).first(where: { $0.id == reviewID }) else {
            throw Problem.notFound("review")
        }
        return (record, review)
    }
}

/// A review as the API shows it.
struct ReviewBody: Encodable, Sendable {
    var id: String
    var milestone: Int
    var final: Bool
    var heldOn: String
    var progress: String
    var statements: [String]
    var assessorComments: String
    var lineManagerComments: String
    var nqswComments: String
    var agreedActions: String
    var assessorChangeCircumstances: String?
    var amendsReviewId: String?
    var amendmentReason: String?
    /// `draft`, `signing` or `signed`.
    var status: String
    var signatures: [String: String]
    var version: Int

    init(_ review: Review) {
        id = review.id.description
        milestone = review.milestone
        final = review.isFinal
        heldOn = review.heldOn.description
        progress = review.progress
        statements = review.statements
        assessorComments = review.assessorComments
        lineManagerComments = review.lineManagerComments
        nqswComments = review.nqswComments
        agreedActions = review.agreedActions
        assessorChangeCircumstances = review.assessorChangeCircumstances
        amendsReviewId = review.amends?.description
        amendmentReason = review.amendmentReason
        status = switch review.machine.state {
        case .draft: "draft"
        case .signing: "signing"
        case .signed: "signed"
        }
        signatures = Dictionary(uniqueKeysWithValues: review.signatures.map { ($0.key.rawValue, $0.value.description) })
        version = review.version
    }
}
