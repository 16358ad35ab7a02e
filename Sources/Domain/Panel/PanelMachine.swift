/// An assessment panel's life, as a total state machine: draft → scheduled →
/// in session → closed; cancelled or rescheduled (with a reason) before it sits.
///
/// The machine says what the rest of the system must do through its effects:
/// a cancellation, a rescheduling that leaves the cases behind, or a close
/// with cases still undecided releases those cases to be listed again.
public struct PanelMachine: StateMachine, Hashable {
    public enum State: Sendable, Hashable {
        case draft
        case scheduled
        case inSession
        case closed
        case cancelled(reason: String)

        /// The state's name as stored and shown.
        public var name: String { kind.rawValue }

        /// Which state this is, without what it carries.
        public var kind: Kind {
            switch self {
            case .draft: .draft
            case .scheduled: .scheduled
            case .inSession: .inSession
            case .closed: .closed
            case .cancelled: .cancelled
            }
        }

        /// The states by name, as the schema's CHECK lists them; stored text decodes through this.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case draft
            case scheduled
            case inSession = "in_session"
            case closed
            case cancelled
        }

        /// Members may read packs only while the panel is scheduled or sitting.
        public var packsOpen: Bool {
            switch self {
            case .scheduled, .inSession: true
            case .draft, .closed, .cancelled: false
            }
        }
    }

    public enum Event: Sendable, Hashable {
        case schedule
        /// A new date, time or place; the cases move with the panel or are released.
        case reschedule(reason: String, casesMove: Bool)
        case open
        case close
        case cancel(reason: String)

        public var name: String {
            switch self {
            case .schedule: "schedule"
            case .reschedule: "reschedule"
            case .open: "open"
            case .close: "close"
            case .cancel: "cancel"
            }
        }
    }

    public enum Effect: Sendable, Hashable {
        case scheduled
        case rescheduled
        case opened
        case closed
        case cancelled
        /// Cases still listed (undecided) go back to wait for another panel.
        case listedCasesReleased
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
            case .schedule:
                state = .scheduled
                return [.scheduled]
            case .reschedule:
                return [.rescheduled]
            case .cancel(let reason):
                state = .cancelled(reason: reason)
                return [.cancelled]
            case .open, .close:
                throw refuse("The panel is still a draft; schedule it first.")
            }
        case .scheduled:
            switch event {
            case .reschedule(_, let casesMove):
                return casesMove ? [.rescheduled] : [.rescheduled, .listedCasesReleased]
            case .open:
                state = .inSession
                return [.opened]
            case .cancel(let reason):
                state = .cancelled(reason: reason)
                return [.cancelled, .listedCasesReleased]
            case .schedule:
                throw refuse("The panel is already scheduled.")
            case .close:
                throw refuse("The panel has not sat; open the session first, or cancel it.")
            }
        case .inSession:
            switch event {
            case .close:
                state = .closed
                return [.closed, .listedCasesReleased]
            case .schedule, .reschedule, .open, .cancel:
                throw refuse("The panel is sitting; it can only be closed.")
            }
        case .closed, .cancelled:
            switch event {
            case .schedule, .reschedule, .open, .close, .cancel:
                throw refuse("The panel is \(state.name); it cannot change.")
            }
        }
    }
}
