import ArgumentParser
import Foundation
import PQ
import Store

/// `quorum audit verify` and `quorum audit anchor`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check and anchor the audit trail.", subcommands: [Verify.self, Anchor.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk every organisation's hash chain against its anchors and name the first broken link; exit 1 if any.",
            discussion: """
                With the audit key (--key-file or QUORUM_AUDIT_KEY_FILE) each anchor's MAC is checked, so a chain the
                database owner rewrote and re-hashed is found; with the export (--anchors or QUORUM_AUDIT_ANCHOR_FILE)
                anchors deleted from the database are found too.
                """)

        @Option(help: "The audit key file (default: QUORUM_AUDIT_KEY_FILE).") var keyFile: String?
        @Option(help: "The exported anchors (default: QUORUM_AUDIT_ANCHOR_FILE).") var anchors: String?

        func run() async throws {
            let settings = try AuditAnchorSettings.fromEnvironment(keyFile: keyFile, exportFile: anchors)
            let exported = try AuditAnchorSettings.exported(anchors ?? ProcessInfo.processInfo.environment["QUORUM_AUDIT_ANCHOR_FILE"])
            let report = try AuditChainVerifier.verify(key: settings?.key, exported: exported, on: DatabaseSettings.connect(DatabaseSettings.ownerURL))
            for broken in report.breaks { print("BROKEN \(broken)") }
            let macs = settings.map { "MACs checked with key \($0.key.id)" } ?? "MACs not checked (no key: a re-hashed chain can pass)"
            print("\(report.events) events in \(report.organisations) organisations, \(report.anchors) anchors (\(exported.count) exported; \(macs)): "
                + (report.isIntact ? "intact" : "\(report.breaks.count) broken chain(s)"))
            if !report.isIntact { throw ExitCode(1) }
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Anchor every organisation's chain head now (the server does it every QUORUM_AUDIT_ANCHOR_SECONDS).")

        @Option(help: "The audit key file (default: QUORUM_AUDIT_KEY_FILE).") var keyFile: String?
        @Option(help: "Append the new anchors here (default: QUORUM_AUDIT_ANCHOR_FILE).") var anchors: String?

        func run() async throws {
            guard let settings = try AuditAnchorSettings.fromEnvironment(keyFile: keyFile, exportFile: anchors) else {
                throw CLIError("no audit key: set QUORUM_AUDIT_KEY_FILE or pass --key-file")
            }
            let connection = try DatabaseSettings.connect(DatabaseSettings.appURL)
            try connection.execute(unsafeSQL: "BEGIN")
            let sealed = try AuditAnchors.sealReads(settle: .seconds(5), on: connection)
            let made = try AuditAnchors.anchorHeads(with: settings.key, on: connection)
            try connection.execute(unsafeSQL: "COMMIT")
            try settings.export(made)
            print("\(sealed) read log(s) sealed; \(made.count) chain head(s) anchored with key \(settings.key.id)")
        }
    }
}
