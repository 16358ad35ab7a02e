public import Foundation

/// Everything outside the evidence that the robust criterion weighs: the
/// year's concerns, support and action plans, fitness-to-practise escalations
/// and the assessor's recommendation. Each record carries the date it
/// happened and the date it was entered, so the check can say what had
/// happened by an as-of date and what had been recorded by a known-at date.
public struct SupportHistory: Sendable, Hashable {
    public var concerns: [ConcernMatter]
    public var plans: [PlanMatter]
    public var escalations: [EscalationMatter]
    /// The recommendation's latest version, if one was submitted.
    public var recommendation: RecommendationMatter?

    public init(concerns: [ConcernMatter] = [], plans: [PlanMatter] = [], escalations: [EscalationMatter] = [],
                recommendation: RecommendationMatter? = nil) {
        self.concerns = concerns
        self.plans = plans
        self.escalations = escalations
        self.recommendation = recommendation
    }

    public static let none = SupportHistory()
}

/// A concern about the NQSW's progress, as the check names it.
public struct ConcernMatter: Sendable, Hashable {
    public var id: ConcernID
    public var raisedOn: CalendarDay
    public var enteredOn: CalendarDay
    /// Who raised it, by name.
    public var raisedBy: String
    public var category: Concern.Category
    public var severity: Concern.Severity
    /// The concern in a few words (its description, shortened).
    public var summary: String
    /// When its outcome was recorded; `nil` while open.
    public var outcomeOn: CalendarDay?

    public init(id: ConcernID, raisedOn: CalendarDay, enteredOn: CalendarDay, raisedBy: String, category: Concern.Category,
                severity: Concern.Severity, summary: String, outcomeOn: CalendarDay?) {
        self.id = id
        self.raisedOn = raisedOn
        self.enteredOn = enteredOn
        self.raisedBy = raisedBy
        self.category = category
        self.severity = severity
        self.summary = summary
        self.outcomeOn = outcomeOn
    }
}

/// A support and action plan: when it was opened and how it ended.
public struct PlanMatter: Sendable, Hashable {
    /// How a plan ended.
    public enum Ending: Sendable, Hashable {
        /// Closed with its objectives met.
        /// Closed at a review: `met` says whether its objectives were met.
        case closed(on: CalendarDay, met: Bool = true)
        /// Handed to a formal procedure; the procedure's outcome once known.
        case escalated(on: CalendarDay, procedure: String, outcome: String?)
        case cancelled(on: CalendarDay, reason: String)

        public var day: CalendarDay {
            switch self {
            case .closed(let day, _), .escalated(let day, _, _), .cancelled(let day, _): day
            }
        }
    }

    public var id: UUID
    public var openedOn: CalendarDay
    public var enteredOn: CalendarDay
    /// The support it offers, shortened.
    public var summary: String
    public var ending: Ending?

    public init(id: UUID, openedOn: CalendarDay, enteredOn: CalendarDay, summary: String, ending: Ending?) {
        self.id = id
        self.openedOn = openedOn
        self.enteredOn = enteredOn
        self.summary = summary
        self.ending = ending
    }
}

/// A concern escalated to the principal social worker as a possible
/// fitness-to-practise matter.
public struct EscalationMatter: Sendable, Hashable {
    public var id: UUID
    public var concernID: ConcernID
    public var escalatedOn: CalendarDay
    public var enteredOn: CalendarDay
    /// When the PSW decided; `nil` while open.
    public var decidedOn: CalendarDay?

    public init(id: UUID, concernID: ConcernID, escalatedOn: CalendarDay, enteredOn: CalendarDay, decidedOn: CalendarDay?) {
        self.id = id
        self.concernID = concernID
        self.escalatedOn = escalatedOn
        self.enteredOn = enteredOn
        self.decidedOn = decidedOn
    }
}

/// The outcome the assessor recommends and when.
public struct RecommendationMatter: Sendable, Hashable {
    public var outcome: RecommendedOutcome
    public var submittedOn: CalendarDay

    public init(outcome: RecommendedOutcome, submittedOn: CalendarDay) {
        self.outcome = outcome
        self.submittedOn = submittedOn
    }
}
