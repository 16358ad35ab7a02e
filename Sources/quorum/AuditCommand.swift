import ArgumentParser
import Foundation
import Store

/// `quorum audit verify`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk every organisation's hash chain and name the first broken link; exit 1 if any.")

        func run() async throws {
            let report = try AuditChainVerifier.verify(on: DatabaseSettings.connect(DatabaseSettings.ownerURL))
            for broken in report.breaks { print("BROKEN \(broken)") }
            print("\(report.events) events in \(report.organisations) organisations: \(report.isIntact ? "intact" : "\(report.breaks.count) broken chain(s)")")
            if !report.isIntact { throw ExitCode(1) }
        }
    }
}
