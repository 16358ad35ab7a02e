import Foundation
import Logging
import PQ
import ServiceLifecycle
import Store

/// Seals the read log into the chains and anchors them on a schedule while the server runs: every
/// organisation's head that moved gets an anchor MAC'd with the key the
/// database never sees, and each new anchor is appended to the export file
/// (outside the database) when one is configured. An owner who rewrites and
/// re-hashes a chain is found by `quorum audit verify` for every event before
/// the last anchor: at most `interval` of events are not yet covered.
struct AuditAnchoring: Service {
    let pool: PQPool
    let settings: AuditAnchorSettings
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: settings.interval)
                await anchorOnce()
            }
        }
        // The heads moved since the last round are anchored before the server stops
        // (in a task of its own: this one is cancelled by the shutdown).
        await Task { await anchorOnce() }.value
    }

    private func anchorOnce() async {
        do {
            let key = settings.key
            let anchors = try await pool.transaction { connection in
                _ = try AuditAnchors.sealReads(on: connection)
                return try AuditAnchors.anchorHeads(with: key, on: connection)
            }
            try settings.export(anchors)
        } catch {
            logger.error("audit anchoring failed", metadata: ["reason": "\(error)"])
        }
    }
}

/// Where the audit key and the anchor export are: QUORUM_AUDIT_KEY_FILE,
/// QUORUM_AUDIT_ANCHOR_FILE (optional, append-only), QUORUM_AUDIT_ANCHOR_SECONDS (default 10).
struct AuditAnchorSettings: Sendable {
    let key: AuditKey
    let exportFile: URL?
    let interval: Duration

    /// The settings, or nil when no key is configured (anchoring is then off).
    static func fromEnvironment(keyFile: String? = nil, exportFile: String? = nil) throws -> AuditAnchorSettings? {
        let environment = ProcessInfo.processInfo.environment
        func setting(_ given: String?, _ name: String) -> String? { (given ?? environment[name]).flatMap { $0.isEmpty ? nil : $0 } }
        guard let path = setting(keyFile, "QUORUM_AUDIT_KEY_FILE") else { return nil }
        let key: AuditKey
        do { key = try AuditKey.load(contentsOf: URL(fileURLWithPath: path)) } catch { throw CLIError("QUORUM_AUDIT_KEY_FILE: \(error)") }
        let seconds = environment["QUORUM_AUDIT_ANCHOR_SECONDS"].flatMap(Int.init) ?? 10
        return AuditAnchorSettings(key: key, exportFile: setting(exportFile, "QUORUM_AUDIT_ANCHOR_FILE").map { URL(fileURLWithPath: $0) },
                                   interval: .seconds(max(1, seconds)))
    }

    /// Appends `anchors` to the export file, one line each.
    func export(_ anchors: [AuditAnchor]) throws {
        guard let exportFile, !anchors.isEmpty else { return }
        if !FileManager.default.fileExists(atPath: exportFile.path) {
            guard FileManager.default.createFile(atPath: exportFile.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CLIError("cannot create the anchor export \(exportFile.path)")
            }
        }
        let handle = try FileHandle(forWritingTo: exportFile)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(anchors.map { $0.line + "\n" }.joined().utf8))
        try handle.synchronize()
    }

    /// The anchors in an export file (none if it does not exist).
    static func exported(_ path: String?) throws -> [AuditAnchor] {
        guard let path, !path.isEmpty, FileManager.default.fileExists(atPath: path) else { return [] }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw CLIError("cannot read the anchor export \(path)") }
        return text.split(separator: "\n").compactMap { AuditAnchor(line: $0) }
    }
}
