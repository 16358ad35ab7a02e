/// The pool's sense of time: when a waiter's or a batched read's deadline
/// passes. Injected so that tests can move time on by hand instead of
/// sleeping; production uses the continuous clock.
public protocol PQClock: Sendable {
    var now: ContinuousClock.Instant { get }
    func sleep(for duration: Duration) async throws
}

/// The system's continuous clock.
public struct PQContinuousClock: PQClock {
    public init() {}

    public var now: ContinuousClock.Instant { ContinuousClock.now }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

extension PQClock where Self == PQContinuousClock {
    /// The system's continuous clock.
    public static var continuous: PQContinuousClock { PQContinuousClock() }
}
