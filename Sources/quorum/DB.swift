import ArgumentParser
import Foundation

/// `quorum db start|stop|status`: the project's private PostgreSQL cluster.
struct DB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Start, stop or inspect the private PostgreSQL cluster under .quorum/.",
        discussion: "Run from the project folder; it uses scripts/local-db.sh, as `make run` does.",
        subcommands: [Start.self, Stop.self, Status.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create (first time) and start the cluster, and the quorum database.")
        func run() async throws {
            try DB.script("start")
            try DB.script("createdb", DatabaseSettings.localDatabase)
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster (fast shutdown).")
        func run() async throws { try DB.script("stop") }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the cluster is running, and where.")
        func run() async throws { try DB.script("status") }
    }

    static func script(_ arguments: String...) throws {
        let path = FileManager.default.currentDirectoryPath + "/scripts/local-db.sh"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CLIError("scripts/local-db.sh not found: run `quorum db` from the project folder")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
    }
}
