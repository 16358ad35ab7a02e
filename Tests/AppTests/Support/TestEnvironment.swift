import Domain
import App
import Foundation
import PQ
import Store
import Testing

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
        return PQPool(configuration: .init(conninfo: try appURL, maxConnections: 8))
    }

    /// Services over a pool shared by every test (tests isolate by organisation, not by database).
    static func services(today: CalendarDayProvider = .real) async throws -> QuorumServices {
        let pool = try await sharedPool.value
        return QuorumServices(pool: pool, today: today.provide)
    }

    /// Migrated, for tests that connect on their own.
    static func ensureMigrated() async throws {
        try await migrated.value
    }
}

/// How a test fixes "today".
struct CalendarDayProvider: Sendable {
    let provide: @Sendable () -> Domain.CalendarDay
    static let real = CalendarDayProvider(provide: QuorumServices.todayInEngland)
}
