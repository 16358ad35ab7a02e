import ArgumentParser
import Foundation
import PQ
import Store

/// `quorum token issue|revoke`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue or revoke a person's API tokens.",
        subcommands: [Issue.self, Revoke.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new bearer token for a person, once. Only its SHA-256 is stored.")
        @Option(help: "The person's email.") var email: String
        @Option(help: "Days until it expires.") var days: Int = 30
        @Option(help: "A label to recognise it by.") var label: String = "cli"

        func run() async throws {
            guard (1...365).contains(days) else { throw ValidationError("--days must be from 1 to 365") }
            let connection = try DatabaseSettings.connect(DatabaseSettings.appURL)
            try connection.execute(unsafeSQL: "BEGIN") // the lookup enters the person's organisation for this transaction
            guard let person = try PeopleRepository.person(email: email, on: connection) else {
                throw CLIError("no person with that email")
            }
            let issued = try Tokens.issue(
                for: person.id, organisation: person.organisationID, label: label, validFor: TimeInterval(days) * 86_400,
                actor: .system, on: connection)
            try connection.execute(unsafeSQL: "COMMIT")
            print(issued.secret)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke every live token of a person.")
        @Option(help: "The person's email.") var email: String

        func run() async throws {
            let connection = try DatabaseSettings.connect(DatabaseSettings.appURL)
            try connection.execute(unsafeSQL: "BEGIN") // the lookup enters the person's organisation for this transaction
            guard let person = try PeopleRepository.person(email: email, on: connection) else {
                throw CLIError("no person with that email")
            }
            let count = try Tokens.revokeAll(of: person.id, organisation: person.organisationID, actor: .system, on: connection)
            try connection.execute(unsafeSQL: "COMMIT")
            print("revoked \(count) token(s)")
        }
    }
}
