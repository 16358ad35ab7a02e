/// The assessor's final recommendation: the ASYE itself ends only in pass or fail.
public enum RecommendedOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case pass = "PASS"
    case fail = "FAIL"
}

/// A recommendation's life, as a total state machine: draft → submitted →
/// allocated to a panel → decided; withdrawn (with reason) before the panel
/// sits; a decided one goes back to the queue only when moderation refers it
/// back to a panel. An amendment before the decision is a new version with a reason; a
/// panel cancelled or rescheduled without the case releases it.
public struct RecommendationMachine: StateMachine, Hashable {
    public enum State: Sendable, Hashable {
        case draft
        case submitted(version: Int)
        case allocated(version: Int)
        case decided(version: Int)
        case withdrawn(reason: String)

        /// The state's name as stored and shown.
        public var name: String { kind.rawValue }

        /// Which state this is, without what it carries.
        public var kind: Kind {
            switch self {
            case .draft: .draft
            case .submitted: .submitted
            case .allocated: .allocated
            case .decided: .decided
            case .withdrawn: .withdrawn
            }
        }

        /// The states by name, as the schema's CHECK lists them; stored text decodes through this.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case draft
            case submitted
            case allocated
            case decided
            case withdrawn
        }
    }

    public enum Event: Sendable, Hashable {
        case submit
        case amend(reason: String)
        case allocate
        case release
        /// The panel decided on a given version; a decision on an older version is refused.
        case decide(onVersion: Int)
        /// The panel deferred or referred the case back: it waits for another panel.
        case deferJudgement(onVersion: Int)
        /// Moderation settled a dispute by referring the decided case back to a
        /// panel: the recommendation waits for a new listing; the decision stands
        /// until that panel signs its own.
        case referByModeration
        case withdraw(reason: String)
    }

    public enum Effect: Sendable, Hashable {
        case submitted(version: Int)
        case amended(version: Int)
        case allocated
        case released
        case decided
        /// Back in the queue for a later panel (deferred or referred back).
        case awaitingPanel
        case withdrawn
    }

    public typealias TransitionError = Domain.TransitionError<State, Event>

    public private(set) var state: State

    public init(state: State = .draft) {
        self.state = state
    }

    public mutating func apply(_ event: Event) throws(TransitionError) -> [Effect] {
        func refuse(_ reason: String) -> TransitionError { TransitionError(state: state, event: event, reason: reason) }
        switch state {
        case .draft:
            switch event {
            case .submit:
                state = .submitted(version: 1)
                return [.submitted(version: 1)]
            case .withdraw(let reason):
                state = .withdrawn(reason: reason)
                return [.withdrawn]
            case .amend, .allocate, .release, .decide, .deferJudgement, .referByModeration:
                throw refuse("The recommendation has not been submitted.")
            }
        case .submitted(let version):
            switch event {
            case .amend:
                state = .submitted(version: version + 1)
                return [.amended(version: version + 1)]
            case .allocate:
                state = .allocated(version: version)
                return [.allocated]
            case .withdraw(let reason):
                state = .withdrawn(reason: reason)
                return [.withdrawn]
            case .submit:
                throw refuse("Already submitted; amend it with a reason instead.")
            case .release, .decide, .deferJudgement:
                throw refuse("The recommendation is not allocated to a panel.")
            case .referByModeration:
                throw refuse("The recommendation has not been decided.")
            }
        case .allocated(let version):
            switch event {
            case .amend:
                // The panel must see the new version before it decides.
                state = .allocated(version: version + 1)
                return [.amended(version: version + 1)]
            case .release:
                state = .submitted(version: version)
                return [.released]
            case .decide(let decidedOn):
                guard decidedOn == version else {
                    throw refuse("The recommendation was amended (now version \(version)); the panel must decide on the current version.")
                }
                state = .decided(version: version)
                return [.decided]
            case .deferJudgement(let decidedOn):
                guard decidedOn == version else {
                    throw refuse("The recommendation was amended (now version \(version)); the panel must decide on the current version.")
                }
                state = .submitted(version: version)
                return [.awaitingPanel]
            case .withdraw(let reason):
                state = .withdrawn(reason: reason)
                return [.withdrawn]
            case .submit, .allocate:
                throw refuse("Already allocated to a panel.")
            case .referByModeration:
                throw refuse("The recommendation has not been decided.")
            }
        case .decided(let version):
            switch event {
            case .referByModeration:
                // The same version goes back before a panel: nothing the assessor wrote changes.
                state = .submitted(version: version)
                return [.awaitingPanel]
            case .submit, .amend, .allocate, .release, .decide, .deferJudgement, .withdraw:
                throw refuse("The recommendation is decided; it cannot change.")
            }
        case .withdrawn:
            switch event {
            case .submit, .amend, .allocate, .release, .decide, .deferJudgement, .withdraw, .referByModeration:
                throw refuse("The recommendation is withdrawn; it cannot change.")
            }
        }
    }
}

/// The check made when an assessor submits: every unmet sufficiency finding
/// needs the assessor's justification, or the submission is refused listing them.
public enum RecommendationSubmission {
    public static func validate(
        outcome: RecommendedOutcome, rationale: String, findings: [SufficiencyFinding], justifications: [Criterion: String]
    ) throws(ValidationFailure) {
        var issues = FieldIssues()
        if rationale.trimmingWhitespace().isEmpty {
            issues.add("rationale", "Give the rationale for the \(outcome.rawValue) recommendation against the KSS and PCF.")
        }
        for finding in findings where !finding.met && (justifications[finding.criterion] ?? "").trimmingWhitespace().isEmpty {
            let reasons = finding.reasons.prefix(3).map(\.text).joined(separator: " ")
            issues.add("justifications/\(finding.criterion.rawValue)",
                       "The \(finding.criterion.rawValue) criterion is not met (\(reasons)) — justify the recommendation despite it.")
        }
        try issues.throwIfAny()
    }
}
