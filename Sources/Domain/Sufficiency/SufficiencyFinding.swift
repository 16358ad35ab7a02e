public import Foundation

/// The four criteria a recommendation must meet. Each rule of the check
/// belongs to exactly one of them, so a panel can tell what is wrong.
public enum Criterion: String, Sendable, Hashable, Codable, CaseIterable {
    /// Consistent with the KSS (and PCF at ASYE level): mapping and level.
    case accurate
    /// Reflects the whole year and progressive development: dates and timing.
    case valid
    /// A broad and varied range of different types of evidence: kinds and counts.
    case sufficient
    /// Checked and consistent, leading to a defensible judgement: verification,
    /// consistency, concerns, plans and fitness-to-practise matters.
    case robust
}

/// The outcome for one criterion, with reasons a panel can act on.
public struct SufficiencyFinding: Sendable, Hashable {
    public var criterion: Criterion
    /// No reasons: warnings do not make a criterion unmet.
    public var met: Bool { reasons.isEmpty }
    /// What keeps the criterion from being met; empty when met.
    public var reasons: [Reason]
    /// What a person should look at although the policy tolerates it (for
    /// example unverified items under a policy that allows some).
    public var warnings: [Reason]

    public init(criterion: Criterion, reasons: [Reason], warnings: [Reason] = []) {
        self.criterion = criterion
        self.reasons = reasons
        self.warnings = warnings
    }

    /// One shortfall: what it is about, what is wrong and what would put it right.
    public struct Reason: Sendable, Hashable {
        public var subject: Subject
        /// What is wrong, naming the subject (statement by number and title,
        /// item by title and date, concern by date, subject and raiser).
        public var text: String
        /// What would put it right.
        public var remedy: String
        /// The evidence items the reason names, in the order it names them.
        public var evidence: [EvidenceID]
        /// The subject as a person reads it ("KSS 3 Child development",
        /// "\"Home visit observation\" (3 February 2026)"); `nil` for the portfolio.
        public var label: String?

        public init(_ subject: Subject, _ text: String, remedy: String, evidence: [EvidenceID] = [], label: String? = nil) {
            self.subject = subject
            self.text = text
            self.remedy = remedy
            self.evidence = evidence
            self.label = label
        }
    }

    /// What a reason is about.
    public enum Subject: Sendable, Hashable {
        /// A KSS statement or PCF domain, by code.
        case statement(String)
        case kind(EvidenceKind)
        /// A period of the year (0: months 0–3 … 3: months 9–12).
        case period(Int)
        /// The critical reflection due at this many months.
        case reflection(months: Int)
        case item(EvidenceID)
        case concern(ConcernID)
        case plan(UUID)
        /// A fitness-to-practise escalation to the PSW.
        case escalation(UUID)
        /// The assessor's recommendation (recorded or proposed).
        case recommendation
        case portfolio
    }
}
