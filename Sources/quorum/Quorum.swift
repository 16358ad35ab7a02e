import ArgumentParser

/// `quorum`: the server and its operator's tools in one binary.
@main
struct Quorum: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quorum",
        abstract: "Run the ASYE year: portfolios, reviews, recommendations and panels.",
        discussion: """
            Database: DATABASE_URL (a libpq URI) or libpq's PG* variables; without either, the
            project's private cluster started by `quorum db start`. Migrations may use a separate
            owner role via QUORUM_MIGRATION_URL.
            """,
        subcommands: [Serve.self, Migrate.self, DB.self, DemoData.self, TokenCommand.self, AuditCommand.self]
    )
}
