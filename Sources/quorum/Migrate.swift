import ArgumentParser
import Foundation
import Store

/// `quorum migrate`: apply pending SQL migrations.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending migrations from sql/ (QUORUM_MIGRATIONS overrides the folder).",
        discussion: """
            Each file runs in its own transaction and is recorded in schema_migrations with its
            SHA-256. A changed or missing applied file stops the run. Concurrent runs take turns.
            """)

    @Option(help: "Folder of NNNN_name.sql files.") var directory: String?

    func run() async throws {
        let folder = directory.map { URL(fileURLWithPath: $0) } ?? Migrator.defaultDirectory()
        let migrator = try Migrator(directory: folder)
        let applied = try migrator.migrate(on: DatabaseSettings.connect(DatabaseSettings.ownerURL))
        print(applied.isEmpty ? "up to date (\(migrator.migrations.count) migrations)" : "applied: \(applied.map(String.init).joined(separator: ", "))")
    }
}
