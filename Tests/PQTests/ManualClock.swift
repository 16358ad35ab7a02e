import PQ
import Synchronization

/// A clock that moves only when a test says so: deadlines pass without sleeping.
final class ManualClock: PQClock {
    private struct Sleeper {
        var until: Duration
        var continuation: CheckedContinuation<Void, any Error>
        var id: Int
    }

    private let start = ContinuousClock.now
    private let state = Mutex((elapsed: Duration.zero, sleepers: [Sleeper](), nextID: 0))

    var now: ContinuousClock.Instant { start.advanced(by: state.withLock { $0.elapsed }) }

    func sleep(for duration: Duration) async throws {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let wakeNow = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.sleepers.append(Sleeper(until: state.elapsed + duration, continuation: continuation, id: id))
                    return false
                }
                if wakeNow { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time on and wakes whoever's sleep has ended.
    func advance(by duration: Duration) {
        let woken = state.withLock { state -> [Sleeper] in
            state.elapsed += duration
            let elapsed = state.elapsed
            let due = state.sleepers.filter { $0.until <= elapsed }
            state.sleepers.removeAll { $0.until <= elapsed }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Whether something (the pool's timekeeper) is waiting on the clock.
    var hasSleepers: Bool { state.withLock { !$0.sleepers.isEmpty } }
}
