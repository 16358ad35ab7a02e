import App
import ArgumentParser
import Foundation
import PQ
import Store
import Workflows

/// `quorum demo-data`.
struct DemoData: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Load a fictional employer with staff and twelve NQSWs, and issue everyone a token.",
        discussion: "Safe to run again: the employer is created once; tokens are issued afresh each run.")

    @Option(help: "Write [{email, name, roles, token}] as JSON to this file.") var tokensOut: String?

    func run() async throws {
        let connection = try DatabaseSettings.connect(DatabaseSettings.appURL)
        try connection.execute(unsafeSQL: "BEGIN")
        let logins = try Store.DemoData.load(today: CalendarClock.europeLondon.today(), on: connection)
        try connection.execute(unsafeSQL: "COMMIT")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(logins)
        if let tokensOut {
            try data.write(to: URL(fileURLWithPath: tokensOut), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokensOut)
            print("demo data loaded: \(logins.count) people; tokens written to \(tokensOut)")
        } else {
            print("demo data loaded: \(logins.count) people")
        }
    }
}
