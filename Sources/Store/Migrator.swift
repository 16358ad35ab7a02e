public import Foundation
public import PQ
internal import Crypto

/// Applies the numbered SQL files in `sql/` that the database has not seen.
///
/// Each file runs in its own transaction together with its row in
/// `schema_migrations`, so a failed file leaves nothing behind. A session-level
/// advisory lock makes two servers starting at once take turns. A file that
/// was applied and has since changed (its SHA-256 differs) or disappeared
/// stops the run: history is never rewritten silently.
public struct Migrator: Sendable {
    /// One migration file.
    public struct Migration: Sendable, Hashable {
        public var version: Int
        public var name: String
        public var sql: String
        public var checksum: String
    }

    /// Why migrating stopped.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case unreadableDirectory(String)
        case badFileName(String)
        case duplicateVersion(Int)
        case changedAfterApplying(version: Int, name: String)
        case missingFile(version: Int, name: String)

        public var description: String {
            switch self {
            case .unreadableDirectory(let path): "cannot read migrations from \(path)"
            case .badFileName(let name): "\(name): migration files are named NNNN_description.sql"
            case .duplicateVersion(let version): "two migration files have version \(version)"
            case .changedAfterApplying(let version, let name):
                "migration \(version) (\(name)) was changed after it was applied; restore it and add a new migration instead"
            case .missingFile(let version, let name):
                "migration \(version) (\(name)) is applied but its file is missing"
            }
        }
    }

    /// The lock key shared by every Quorum process migrating this database.
    static let lockKey = 7_265_221_301

    public let migrations: [Migration]

    /// Reads `NNNN_name.sql` files from `directory`, in version order.
    public init(directory: URL) throws {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw Failure.unreadableDirectory(directory.path)
        }
        var migrations: [Migration] = []
        for file in files.sorted() where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw Failure.badFileName(file)
            }
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let checksum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            migrations.append(Migration(
                version: version, name: String(stem[stem.index(after: underscore)...]),
                sql: String(decoding: data, as: UTF8.self), checksum: checksum))
        }
        let versions = migrations.map(\.version)
        if let duplicate = versions.first(where: { version in versions.filter { $0 == version }.count > 1 }) {
            throw Failure.duplicateVersion(duplicate)
        }
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applies what is pending and returns the versions applied, in order.
    @discardableResult
    public func migrate(on connection: PQConnection) throws -> [Int] {
        try connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try connection.execute(unsafeSQL: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """)
        let applied = try appliedMigrations(on: connection)
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = byVersion[version] else {
                throw Failure.missingFile(version: version, name: record.name)
            }
            guard migration.checksum == record.checksum else {
                throw Failure.changedAfterApplying(version: version, name: migration.name)
            }
        }
        var done: [Int] = []
        for migration in migrations where applied[migration.version] == nil {
            try connection.execute(unsafeSQL: "BEGIN")
            do {
                try connection.execute(unsafeSQL: migration.sql)
                try connection.query("""
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """)
                try connection.execute(unsafeSQL: "COMMIT")
            } catch {
                try? connection.execute(unsafeSQL: "ROLLBACK")
                throw error
            }
            done.append(migration.version)
        }
        return done
    }

    /// Versions applied so far with their names and checksums.
    public func appliedMigrations(on connection: PQConnection) throws -> [Int: (name: String, checksum: String)] {
        let exists: Bool = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].decode(at: 0)
        guard exists else { return [:] }
        var applied: [Int: (name: String, checksum: String)] = [:]
        for row in try connection.query("SELECT version, name, checksum FROM schema_migrations") {
            applied[try row.decode(at: 0)] = (try row.decode(at: 1), try row.decode(at: 2))
        }
        return applied
    }

    /// The migrations folder: `QUORUM_MIGRATIONS` if set, else `sql/` in the
    /// working directory, else `share/quorum/sql` beside the executable's folder.
    public static func defaultDirectory() -> URL {
        if let path = ProcessInfo.processInfo.environment["QUORUM_MIGRATIONS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("sql")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/quorum/sql")
    }
}
