internal import Foundation
internal import Domain
internal import Store
internal import Workflows

/// The portfolio page's content: the year at a glance, the live sufficiency
/// findings, the tracker, reviews, evidence and matrix, and — for a
/// coordinator — the change-of-assessor form.
struct PortfolioView: Sendable {
    struct TrackerLine: Sendable {
        var label: String
        var due: String
        var detail: String
        var status: StatusTag
    }

    struct ReviewRow: Sendable {
        var milestone: String
        var heldOn: String
        var status: StatusTag
        var path: String
    }

    struct EvidenceRow: Sendable {
        var path: String
        var practiceDate: String
        var kind: String
        var statements: String
        var standing: StatusTag
        var verified: String
    }

    struct MatrixRow: Sendable {
        var code: String
        var title: String
        var cells: [String]
    }

    struct Assessor: Sendable {
        var id: String
        var name: String
        var selected: Bool
    }

    var id: String
    var name: String
    var startDate: String
    var setting: String
    var fte: String
    var assessor: String
    var lineManager: String
    var status: StatusTag
    var version: Int
    var tracker: [TrackerLine]
    var periods: [String]
    var matrix: [MatrixRow]
    var reviews: [ReviewRow]
    var canRecordReview: Bool
    var newReviewPath: String
    var evidence: [EvidenceRow]
    var canRecommend: Bool
    var recommendationState: StatusTag?
    var recommendationPath: String
    var findings: [FindingRow]
    var hasFindings: Bool
    var counts: CountsView
    var runs: [RunRow]
    var canKeepCheck: Bool
    var assessors: [Assessor]?
    /// Who may attend a handover (staff), ticked as the form came back.
    var attendees: [Assessor]
    var exceptions: [Assessor]
    var canChangeAssessor: Bool
    /// Filled in by the page once the year's supervision is read.
    var supervision: SupervisionSection?
    var plans: [PlanSummary] = []
    /// The panel's hearings of the year, latest first.
    var hearings: [HearingRow] = []

    init(id: EnrolmentID, record: EnrolmentRecord, viewer: Viewer, tracker: Tracker, matrix: EvidenceMatrix, reviews: [Review], evidence: [EvidenceItem],
         sufficiency: SufficiencyReport, runs: [SufficiencyRun], recommendation: RecommendationRecord?, assessors: [Person]?, staff: [Person],
         form: FormBody?) {
        let enrolment = record.enrolment
        let isAssessor = enrolment.assessorID == viewer.person.id
        self.id = id.description
        name = record.nqswName
        startDate = enrolment.startDate.description
        setting = enrolment.setting.label
        let fraction = enrolment.fte.fraction
        fte = fraction == fraction.rounded() ? String(Int(fraction)) : String(fraction)
        assessor = record.assessorName
        lineManager = record.lineManagerName
        status = StatusTag(enrolment.status.rawValue)
        version = enrolment.version
        self.tracker = tracker.lines.map { TrackerLine(label: $0.label, due: $0.due?.description ?? "", detail: $0.detail, status: StatusTag($0.status.rawValue)) }
        periods = matrix.rows.first?.cells.map { SufficiencyCheck.periodNames[$0.period] } ?? []
        self.matrix = matrix.rows.map { row in
            MatrixRow(code: row.statement.code, title: row.statement.title, cells: row.cells.map { $0.count > 0 ? "\($0.count) (\($0.meets) meets)" : "None" })
        }
        self.reviews = reviews.map {
            ReviewRow(milestone: $0.isFinal ? "Final (12-month)" : "\($0.milestone)-month", heldOn: $0.heldOn.description,
                      status: StatusTag($0.machine.state.name), path: "/nqsws/\(id)/reviews/\($0.id)")
        }
        canRecordReview = isAssessor || enrolment.lineManagerID == viewer.person.id
        newReviewPath = "/nqsws/\(id)/reviews/new"
        self.evidence = evidence.reversed().map { item in
            let document = EvidenceDocument(item)
            return EvidenceRow(path: "/nqsws/\(id)/evidence/\(item.id)", practiceDate: document.practiceDate, kind: item.kind.label,
                               statements: item.statements.joined(separator: ", "), standing: StatusTag(document.standing),
                               verified: item.verification == nil ? "No" : "Yes")
        }
        canRecommend = isAssessor && recommendation == nil
        recommendationState = recommendation.map { StatusTag($0.machine.state.name) }
        recommendationPath = "/nqsws/\(id)/recommendation"
        findings = FindingRow.rows(sufficiency)
        hasFindings = true
        counts = CountsView(sufficiency.counts)
        self.runs = runs.map { RunRow($0, enrolment: id) }
        canKeepCheck = EnrolmentAccess.canKeepSufficiencyRun(viewer.caller, enrolment)
        self.assessors = assessors?.map { Assessor(id: $0.id.description, name: $0.name, selected: form?["assessorId"] == $0.id.description) }
        let ticked = Set(form?.all("handoverAttendeeIds") ?? [])
        attendees = staff.map { Assessor(id: $0.id.description, name: $0.name, selected: ticked.contains($0.id.description)) }
        exceptions = Handover.Exception.allCases.map { exception in
            Assessor(id: exception.rawValue, name: exception.label, selected: form?["noHandoverCategory"] == exception.rawValue)
        }
        canChangeAssessor = assessors != nil
    }
}

extension EvidenceKind {
    /// How the pages name each kind of evidence.
    var label: String {
        switch self {
        case .directObservation: "Direct observation"
        case .personFeedback: "Feedback from a person supported"
        case .professionalFeedback: "Feedback from a professional"
        case .writtenReport: "Written report"
        case .criticalReflection: "Critical reflection"
        case .supervisionNote: "Supervision note"
        case .presentation: "Presentation"
        case .other: "Other"
        }
    }
}

extension Handover.Exception {
    /// How the change-of-assessor form names the circumstance.
    var label: String {
        switch self {
        case .outgoingLeftWithoutNotice: "The outgoing assessor left without notice"
        case .outgoingLongTermAbsence: "The outgoing assessor is on long-term absence"
        case .outgoingSuspended: "The outgoing assessor is suspended"
        case .otherExceptional: "Another exceptional circumstance (explain below)"
        }
    }
}
