/// The four criteria a recommendation must meet.
public enum Criterion: String, Sendable, Hashable, Codable, CaseIterable {
    /// Consistent with the KSS (and PCF at ASYE level): every statement evidenced at the expected level.
    case accurate
    /// Reflects the whole year and progressive development.
    case valid
    /// A broad and varied range of different types of evidence.
    case sufficient
    /// Checked and consistent, leading to a defensible judgement.
    case robust
}

/// The outcome for one criterion, with reasons a panel can act on.
public struct SufficiencyFinding: Sendable, Hashable {
    public var criterion: Criterion
    public var met: Bool
    /// Empty when met.
    public var reasons: [Reason]

    public init(criterion: Criterion, reasons: [Reason]) {
        self.criterion = criterion
        self.met = reasons.isEmpty
        self.reasons = reasons
    }

    /// One shortfall, naming what it is about.
    public struct Reason: Sendable, Hashable {
        public var subject: Subject
        public var text: String

        public init(_ subject: Subject, _ text: String) {
            self.subject = subject
            self.text = text
        }
    }

    /// What a reason is about.
    public enum Subject: Sendable, Hashable {
        case statement(String)
        case kind(EvidenceKind)
        case period(Int)
        case item(EvidenceID)
        case portfolio
    }
}

/// Everything outside the portfolio that the robust criterion must know.
/// Concerns and support plans arrive in a later workflow; until then the
/// store passes zero, and the check already treats them as it will.
public struct OpenMatters: Sendable, Hashable {
    public var openConcerns: Int
    public var activeSupportPlans: Int

    public init(openConcerns: Int = 0, activeSupportPlans: Int = 0) {
        self.openConcerns = openConcerns
        self.activeSupportPlans = activeSupportPlans
    }

    public static let none = OpenMatters()
}
