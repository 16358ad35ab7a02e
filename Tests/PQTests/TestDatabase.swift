import Dispatch
import Foundation
import PQ
import Synchronization
import Testing

/// The real PostgreSQL that `make test` starts. The tests do not mock it, and
/// they fail (not skip) when it is missing, so a green run means it was used.
enum TestDatabase {
    static var url: String {
        get throws {
            let url = ProcessInfo.processInfo.environment["QUORUM_TEST_DATABASE_URL"] ?? ""
            try #require(!url.isEmpty, "QUORUM_TEST_DATABASE_URL is not set: run the suite with `make test`")
            return url
        }
    }

    /// The schema owner's URL, for tests that create tables (PostgreSQL 15 lets
    /// only the owner create in `public`; the app role may not).
    static var ownerURL: String {
        get throws {
            let url = ProcessInfo.processInfo.environment["QUORUM_TEST_OWNER_URL"] ?? ""
            try #require(!url.isEmpty, "QUORUM_TEST_OWNER_URL is not set: run the suite with `make test`")
            return url
        }
    }

    static func connect() throws -> PQConnection {
        try PQConnection.connect(try url)
    }

    /// A running pool (its service started; closing it ends the service).
    static func pool(max: Int = 4, acquireTimeout: Duration = .seconds(5), owner: Bool = false, clock: any PQClock = .continuous) throws -> PQPool {
        running(PQPool(configuration: .init(conninfo: owner ? try ownerURL : try url, maxConnections: max, acquireTimeout: acquireTimeout, clock: clock)))
    }

    /// Starts `pool`'s service; closing the pool ends it.
    static func running(_ pool: PQPool) -> PQPool {
        Task { try await pool.run() }
        return pool
    }
}

/// A thread-safe counter that closures handed to the pool can share.
final class Counter: Sendable {
    private let state = Mutex((value: 0, peak: 0))

    /// Adds `delta` and returns the new value, tracking the highest seen.
    @discardableResult
    func add(_ delta: Int) -> Int {
        state.withLock { state in
            state.value += delta
            state.peak = max(state.peak, state.value)
            return state.value
        }
    }

    var value: Int { state.withLock { $0.value } }
    var peak: Int { state.withLock { $0.peak } }
    func reset() { state.withLock { $0 = (0, 0) } }
}

/// Holds a pool thread until a test opens it: a connection that stays busy
/// exactly as long as the test needs, with no sleeping.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func wait() { semaphore.wait() }
    func open() { semaphore.signal() }
}
