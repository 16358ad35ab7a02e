/// An event a state machine's current state does not allow, naming both, with
/// a sentence a person can act on. Shared by every machine in the domain.
public struct TransitionError<State: Sendable & Hashable, Event: Sendable & Hashable>: Error, Sendable, Hashable, CustomStringConvertible {
    public var state: State
    public var event: Event
    public var reason: String

    public init(state: State, event: Event, reason: String) {
        self.state = state
        self.event = event
        self.reason = reason
    }

    public var description: String { reason }
}

/// A state machine in the domain's shape: a state, events, and a total
/// `apply` that returns effects or refuses with a ``TransitionError``. The
/// conformance lets one test helper walk any machine's state × event table.
public protocol StateMachine: Sendable {
    associatedtype State: Sendable & Hashable
    associatedtype Event: Sendable & Hashable
    associatedtype Effect: Sendable & Hashable

    var state: State { get }
    init(state: State)
    mutating func apply(_ event: Event) throws(TransitionError<State, Event>) -> [Effect]
}
