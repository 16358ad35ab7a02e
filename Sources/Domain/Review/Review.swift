/// A formal review of the year (the tracker's Record of Support and
/// Progressive Assessment) at 3, 6, 9 or 12 months; the 12-month one is the
/// final review.
public struct Review: Sendable, Hashable {
    public var id: ReviewID
    public var enrolmentID: EnrolmentID
    public var milestone: Int
    public var heldOn: CalendarDay
    /// Progress against the KSS and PCF, in the assessor's words.
    public var progress: String
    /// The statements and domains the review discussed.
    public var statements: [String]
    public var assessorComments: String
    public var lineManagerComments: String
    public var nqswComments: String
    public var agreedActions: String
    /// Required when the assessor changed since the previous review.
    public var assessorChangeCircumstances: String?
    /// The signed review this one amends, and why.
    public var amends: ReviewID?
    public var amendmentReason: String?
    public var signatures: [ReviewSigner: CalendarDay]
    public var version: Int

    public init(
        id: ReviewID, enrolmentID: EnrolmentID, milestone: Int, heldOn: CalendarDay, progress: String, statements: [String],
        assessorComments: String, lineManagerComments: String, nqswComments: String, agreedActions: String,
        assessorChangeCircumstances: String? = nil, amends: ReviewID? = nil, amendmentReason: String? = nil,
        signatures: [ReviewSigner: CalendarDay] = [:], version: Int = 1
    ) {
        self.id = id
        self.enrolmentID = enrolmentID
        self.milestone = milestone
        self.heldOn = heldOn
        self.progress = progress
        self.statements = statements
        self.assessorComments = assessorComments
        self.lineManagerComments = lineManagerComments
        self.nqswComments = nqswComments
        self.agreedActions = agreedActions
        self.assessorChangeCircumstances = assessorChangeCircumstances
        self.amends = amends
        self.amendmentReason = amendmentReason
        self.signatures = signatures
        self.version = version
    }

    /// Where sign-off stands.
    public var machine: ReviewMachine {
        switch signatures.count {
        case 0: ReviewMachine(state: .draft)
        case ReviewSigner.allCases.count: ReviewMachine(state: .signed)
        default: ReviewMachine(state: .signing(Set(signatures.keys)))
        }
    }

    public var isFinal: Bool { milestone == 12 }

    /// Checks a review's content. `assessorChanged` says whether the assessor
    /// changed since the previous review (seed 000: the circumstances are
    /// recorded in the next review report).
    public func validate(yearStart: CalendarDay, today: CalendarDay, frameworks: PinnedFrameworks, assessorChanged: Bool) throws(ValidationFailure) {
        var issues = FieldIssues()
        if ![3, 6, 9, 12].contains(milestone) { issues.add("milestone", "Expected 3, 6, 9 or 12 (months).") }
        if heldOn < yearStart { issues.add("heldOn", "The review cannot be before the year started (\(yearStart)).") }
        if heldOn > today { issues.add("heldOn", "Record a review once it has been held.") }
        if progress.trimmingWhitespace().isEmpty { issues.add("progress", "Summarise progress against the KSS and PCF.") }
        for issue in frameworks.validateMapping(statements, field: "statements") where !statements.isEmpty {
            issues.add(issue.field, issue.message)
        }
        if assessorChanged && (assessorChangeCircumstances ?? "").trimmingWhitespace().isEmpty {
            issues.add("assessorChangeCircumstances", "The assessor changed since the last review: record the circumstances of the change.")
        }
        if amends != nil && (amendmentReason ?? "").trimmingWhitespace().isEmpty {
            issues.add("amendmentReason", "Say why the signed review is amended.")
        }
        try issues.throwIfAny()
    }
}

public enum ReviewTag {}
public typealias ReviewID = Identifier<ReviewTag>

extension EnrolmentAccess {
    /// The signer a caller is for this enrolment, if any: the NQSW, their current assessor, their line manager.
    public static func reviewSigner(_ caller: Caller, _ enrolment: Enrolment) -> ReviewSigner? {
        switch enrolment.relation(of: caller) {
        case .ownEnrolment where caller.holds(.nqsw): .nqsw
        case .assessedNQSW where caller.holds(.assessor): .assessor
        case .lineManagedNQSW where caller.holds(.lineManager): .lineManager
        case .ownEnrolment, .assessedNQSW, .lineManagedNQSW, .sameOrganisation, .otherOrganisation: nil
        }
    }

    /// Reviews are written by the assessor or line manager.
    public static func canWriteReview(_ caller: Caller, _ enrolment: Enrolment) -> Bool {
        let signer = reviewSigner(caller, enrolment)
        return enrolment.status == .active && (signer == .assessor || signer == .lineManager)
    }
}
