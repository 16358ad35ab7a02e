import Domain
import App
import Foundation
import PQ
import Store
import Testing
import Workflows
import Synchronization

/// The real database `make test` prepared, migrated once per run by the suite itself.
enum TestEnvironment {
    static func env(_ name: String) throws -> String {
        let value = ProcessInfo.processInfo.environment[name] ?? ""
        try #require(!value.isEmpty, "\(name) is not set: run the suite with `make test`")
        return value
    }

    static var appURL: String { get throws { try env("QUORUM_TEST_DATABASE_URL") } }
    static var ownerURL: String { get throws { try env("QUORUM_TEST_OWNER_URL") } }
    static var adminURL: String { get throws { try env("QUORUM_TEST_ADMIN_URL") } }

    /// The repository's `sql/` folder.
    static let migrations = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sql")

    private static let migrated = Task<Void, any Error> {
        let connection = try PQConnection.connect(try ownerURL)
        try Migrator(directory: migrations).migrate(on: connection)
    }

    private static let sharedPool = Task<PQPool, any Error> {
        try await migrated.value
        return running(PQPool(configuration: .init(conninfo: try appURL, maxConnections: 8, acquireTimeout: .seconds(60))))
    }

    /// The date every test runs on: fixed, and not today, so that no test
    /// passes or fails with the calendar (a Wednesday in term, no bank holiday near).
    static let today = CalendarDay(year: 2026, month: 3, day: 18)!

    /// Services over a pool shared by every test (tests isolate by organisation,
    /// not by database), with the clock fixed on ``today``.
    static func services(clock: CalendarClock = .fixed(today)) async throws -> QuorumServices {
        // The tests send one person's requests in bursts to check semantics; PersonLimitTests checks the limits themselves.
        QuorumServices(runner: UseCaseRunner(pool: try await sharedPool.value, clock: clock),
                       personLimits: PersonLimits(concurrency: 64, burst: 1_000_000, perSecond: 1_000_000))
    }

    /// The shared pool, for tests that build services of their own.
    static var pool: PQPool {
        get async throws { try await sharedPool.value }
    }

    /// Starts `pool`'s service (batched reads and deadlines need it); closing the pool ends it.
    static func running(_ pool: PQPool) -> PQPool {
        Task { try await pool.run() }
        return pool
    }

    /// The page templates, loaded and checked once.
    static let templates = Result { try PageTemplates.load() }

    /// Migrated, for tests that connect on their own.
    static func ensureMigrated() async throws {
        try await migrated.value
    }
}

extension QuorumServices {
    /// The pool under the services, for tests that check the database directly.
    var pool: PQPool { runner.pool }
}

/// A test's "today" that can move: a panel sits weeks after it is scheduled,
/// so a test moves the day to the sitting before opening it.
final class MovableDay: Sendable {
    private let day: Mutex<CalendarDay>

    init(_ day: CalendarDay = TestEnvironment.today) {
        self.day = Mutex(day)
    }

    var clock: CalendarClock { CalendarClock { [self] in self.today } }

    var today: CalendarDay { day.withLock { $0 } }

    func move(to new: CalendarDay) {
        day.withLock { $0 = new }
    }
}
