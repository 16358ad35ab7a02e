import Foundation
import PQ
import Store
import Testing
import Workflows

/// Migrations apply once, in order, refuse edited history, and take turns.
@Suite(.serialized) struct MigrationTests {
    /// A scratch database of our own, dropped afterwards.
    func withScratchDatabase(_ body: (String) async throws -> Void) async throws {
        let admin = try PQConnection.connect(try TestEnvironment.adminURL)
        let name = "scratch_\(UInt32.random(in: 0 ... .max))"
        try admin.query("SELECT 1") // fail early if the admin URL is wrong
        try admin.execute(unsafeSQL: "CREATE DATABASE \(name) OWNER quorum_owner")
        defer { try? admin.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let owner = try TestEnvironment.ownerURL
        let url = String(owner[..<owner.lastIndex(of: "/")!]) + "/" + name
        try await body(url)
    }

    func copyOfMigrations() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.migrations.path) {
            try FileManager.default.copyItem(at: TestEnvironment.migrations.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        return folder
    }

    /// The first run applies everything; the second applies nothing.
    @Test func migrate_isIdempotent() async throws {
        try await withScratchDatabase { url in
            let migrator = try Migrator(directory: TestEnvironment.migrations)
            let connection = try PQConnection.connect(url)
            #expect(try migrator.migrate(on: connection) == migrator.migrations.map(\.version))
            #expect(try migrator.migrate(on: connection) == [])
            #expect(try migrator.appliedMigrations(on: connection).count == migrator.migrations.count)
        }
    }

    /// An applied file that changed stops the run and names it; a new file applies.
    @Test func migrate_refusesChangedHistory() async throws {
        try await withScratchDatabase { url in
            let folder = try copyOfMigrations()
            let connection = try PQConnection.connect(url)
            try Migrator(directory: folder).migrate(on: connection)
            try "CREATE TABLE extra (id int);\n".write(to: folder.appendingPathComponent("9000_extra.sql"), atomically: true, encoding: .utf8)
            #expect(try Migrator(directory: folder).migrate(on: connection) == [9000])
            let first = folder.appendingPathComponent("0001_identity_and_audit.sql")
            try (String(contentsOf: first, encoding: .utf8) + "\n-- edited\n").write(to: first, atomically: true, encoding: .utf8)
            #expect(throws: Migrator.Failure.changedAfterApplying(version: 1, name: "identity_and_audit")) {
                try Migrator(directory: folder).migrate(on: connection)
            }
        }
    }

    /// A failing migration leaves nothing behind: not its tables, not its record.
    @Test func migrate_failingFileRollsBack() async throws {
        try await withScratchDatabase { url in
            let folder = try copyOfMigrations()
            try "CREATE TABLE half (id int);\nSELECT no_such_function();\n".write(to: folder.appendingPathComponent("9001_broken.sql"), atomically: true, encoding: .utf8)
            let connection = try PQConnection.connect(url)
            #expect(throws: PQError.self) { try Migrator(directory: folder).migrate(on: connection) }
            let half: Bool = try connection.query("SELECT to_regclass('half') IS NOT NULL")[0].decode(at: 0)
            #expect(!half)
            #expect(try Migrator(directory: folder).appliedMigrations(on: connection)[9001] == nil)
        }
    }

    /// Two servers migrating at once take turns: each file is applied exactly once.
    @Test func migrate_concurrentRunsTakeTurns() async throws {
        try await withScratchDatabase { url in
            let migrator = try Migrator(directory: TestEnvironment.migrations)
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<3 {
                    group.addTask { try migrator.migrate(on: PQConnection.connect(url)) }
                }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(results.flatMap { $0 }.sorted() == migrator.migrations.map(\.version))
        }
    }
}
