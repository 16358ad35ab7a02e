/// One thing wrong with one field of a command, in words a person can act on.
public struct FieldIssue: Sendable, Hashable, Codable {
    /// The field, as a JSON pointer-like path (`fte`, `reviews/2/date`).
    public var field: String
    /// What is wrong and, where possible, what would be right.
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A command that cannot be carried out as given. Carries every issue found,
/// not just the first, so a form can show them all at once.
public struct ValidationFailure: Error, Sendable, Hashable {
    /// What is wrong, field by field.
    public var issues: [FieldIssue]

    public init(_ issues: [FieldIssue]) {
        self.issues = issues
    }

    /// A failure naming a single field.
    public init(field: String, message: String) {
        self.issues = [FieldIssue(field: field, message: message)]
    }
}

/// Collects issues while a command is checked, then throws them together.
public struct FieldIssues: Sendable {
    public private(set) var issues: [FieldIssue] = []

    public init() {}

    /// Records an issue with `field`.
    public mutating func add(_ field: String, _ message: String) {
        issues.append(FieldIssue(field: field, message: message))
    }

    /// Throws a ``ValidationFailure`` if anything was recorded.
    public func throwIfAny() throws(ValidationFailure) {
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }
}
