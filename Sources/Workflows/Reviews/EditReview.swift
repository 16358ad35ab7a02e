public import Domain
internal import Store

/// Changes to a draft review: each person writes their own part.
public struct ReviewEdit: Sendable, Hashable {
    public var progress: String?
    public var statements: [String]?
    public var assessorComments: String?
    public var lineManagerComments: String?
    public var nqswComments: String?
    public var agreedActions: String?
    public var assessorChangeCircumstances: String?

    public init(progress: String? = nil, statements: [String]? = nil, assessorComments: String? = nil, lineManagerComments: String? = nil,
                nqswComments: String? = nil, agreedActions: String? = nil, assessorChangeCircumstances: String? = nil) {
        self.progress = progress
        self.statements = statements
        self.assessorComments = assessorComments
        self.lineManagerComments = lineManagerComments
        self.nqswComments = nqswComments
        self.agreedActions = agreedActions
        self.assessorChangeCircumstances = assessorChangeCircumstances
    }

    /// Whether it touches what the assessor and line manager write.
    var touchesStaffFields: Bool {
        progress != nil || statements != nil || assessorComments != nil || lineManagerComments != nil || agreedActions != nil
            || assessorChangeCircumstances != nil
    }
}

/// The NQSW, assessor or line manager edits a draft review: the NQSW writes
/// their own comments only; the assessor and line manager the rest.
public struct EditReview: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var review: ReviewID
    public var expectedVersion: Int?
    public var edit: ReviewEdit

    public init(_ enrolment: EnrolmentID, _ review: ReviewID, expectedVersion: Int?, edit: ReviewEdit) {
        self.enrolment = enrolment
        self.review = review
        self.expectedVersion = expectedVersion
        self.edit = edit
    }

    public func run(in context: UseCaseContext) throws -> Review {
        let (record, current) = try context.visibleReview(enrolment, review)
        guard let signer = EnrolmentAccess.reviewSigner(context.caller, record.enrolment) else {
            throw Refusal.forbidden("Only the NQSW, their assessor and line manager edit a review.")
        }
        try Refusal.require(!(signer == .nqsw && edit.touchesStaffFields), "The NQSW edits their own comments only.")
        try Refusal.require(!(signer != .nqsw && edit.nqswComments != nil), "Only the NQSW writes the NQSW's comments.")
        try Refusal.requireVersion(expectedVersion, current: current.version)
        var machine = current.machine
        do { _ = try machine.apply(.edit) } catch {
            throw Refusal.conflict("\(error.reason) (state: \(current.machine.state.name), event: edit)", kind: "review-locked")
        }
        var next = current
        var changes: [FieldChange] = []
        func set(_ field: String, _ value: String?, _ keyPath: WritableKeyPath<Review, String>) {
            guard let value, value != next[keyPath: keyPath] else { return }
            changes.append(FieldChange(field: field, before: nil, after: nil))
            next[keyPath: keyPath] = value
        }
        set("progress", edit.progress, \.progress)
        set("assessorComments", edit.assessorComments, \.assessorComments)
        set("lineManagerComments", edit.lineManagerComments, \.lineManagerComments)
        set("nqswComments", edit.nqswComments, \.nqswComments)
        set("agreedActions", edit.agreedActions, \.agreedActions)
        if let statements = edit.statements {
            next.statements = statements
            changes.append(FieldChange(field: "statements", before: current.statements.joined(separator: ","), after: statements.joined(separator: ",")))
        }
        if let circumstances = edit.assessorChangeCircumstances {
            next.assessorChangeCircumstances = circumstances
            changes.append(FieldChange(field: "assessorChangeCircumstances", before: nil, after: nil))
        }
        try next.validate(yearStart: record.enrolment.startDate, today: context.today, frameworks: try context.frameworks(of: record), assessorChanged: false)
        guard try ReviewRepository.updateContent(next, expectedVersion: current.version, organisation: context.organisation, changes: changes,
                                                 actor: context.actor(named: signer.rawValue), on: context.connection)
        else { throw Refusal.stale(current: current.version + 1) }
        next.version = current.version + 1
        return next
    }
}
