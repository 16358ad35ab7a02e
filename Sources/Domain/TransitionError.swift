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
