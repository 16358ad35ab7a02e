import Foundation
import PQ
import App
import Domain

/// Where the database is, decided once from the environment.
enum DatabaseSettings {
    static let localPort = ProcessInfo.processInfo.environment["QUORUM_PG_PORT"] ?? "54329"
    static let localDatabase = ProcessInfo.processInfo.environment["QUORUM_DB_NAME"] ?? "quorum"

    /// The server's connection: DATABASE_URL, else libpq's PG* variables, else the private cluster.
    static var appURL: String {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["DATABASE_URL"], !url.isEmpty { return url }
        if environment.keys.contains(where: { ["PGHOST", "PGDATABASE", "PGSERVICE", "PGUSER"].contains($0) }) { return "" }
        return "postgresql://quorum_app@127.0.0.1:\(localPort)/\(localDatabase)"
    }

    /// The schema owner's connection, for migrations.
    static var ownerURL: String {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["QUORUM_MIGRATION_URL"], !url.isEmpty { return url }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return url }
        if environment.keys.contains(where: { ["PGHOST", "PGDATABASE", "PGSERVICE", "PGUSER"].contains($0) }) { return "" }
        return "postgresql://quorum_owner@127.0.0.1:\(localPort)/\(localDatabase)"
    }

    /// The pool size: QUORUM_DB_POOL_SIZE, default 8 (enough for 2 cores; PostgreSQL does the work).
    static var poolSize: Int {
        ProcessInfo.processInfo.environment["QUORUM_DB_POOL_SIZE"].flatMap(Int.init) ?? 8
    }

    /// Connections that serve batched reads at once: QUORUM_DB_PIPELINE_CONNECTIONS,
    /// default one per eight pool connections (fewer connections, larger batches, fewer wake-ups).
    static var pipelineConnections: Int? {
        ProcessInfo.processInfo.environment["QUORUM_DB_PIPELINE_CONNECTIONS"].flatMap(Int.init)
    }

    /// How long a request waits for a connection before 503: QUORUM_DB_ACQUIRE_TIMEOUT_MS, default 5000.
    static var acquireTimeout: Duration {
        .milliseconds(ProcessInfo.processInfo.environment["QUORUM_DB_ACQUIRE_TIMEOUT_MS"].flatMap(Int.init) ?? 5000)
    }

    /// Opens one connection for a CLI command, with a readable failure.
    static func connect(_ url: String) throws -> PQConnection {
        do {
            return try PQConnection.connect(url, applicationName: "quorum-cli")
        } catch let error as PQError {
            throw CLIError("cannot connect to the database: \(error.message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}

/// A CLI failure with a message for the operator.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

}

extension DatabaseSettings {
    /// The employer's OIDC provider, when QUORUM_OIDC_ISSUER, QUORUM_OIDC_AUDIENCE and
    /// QUORUM_OIDC_JWKS_FILE (a JWKS document, kept current by the operator) are all set.
    static func identityProvider() async throws -> IdentityProvider? {
        let environment = ProcessInfo.processInfo.environment
        guard let issuer = environment["QUORUM_OIDC_ISSUER"], !issuer.isEmpty,
              let audience = environment["QUORUM_OIDC_AUDIENCE"], !audience.isEmpty,
              let path = environment["QUORUM_OIDC_JWKS_FILE"], !path.isEmpty else { return nil }
        let jwks: String
        do { jwks = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CLIError("cannot read QUORUM_OIDC_JWKS_FILE \(path)")
        }
        func optional(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        // Each issuer signs into the organisations it is configured for, and no other.
        let organisations = (optional("QUORUM_OIDC_ORGANISATIONS") ?? "").split(separator: ",")
            .compactMap { UUID(uuidString: $0.trimmingCharacters(in: .whitespaces)) }.map(OrganisationID.init)
        guard !organisations.isEmpty else {
            throw CLIError("QUORUM_OIDC_ORGANISATIONS must name the organisation(s) (ids, comma-separated) the identity provider signs into")
        }
        do {
            return try await IdentityProvider.make(issuer: issuer, audience: audience, jwks: jwks, organisations: organisations,
                                                   authorizationEndpoint: optional("QUORUM_OIDC_AUTHORIZATION_URL"), publicURL: optional("QUORUM_PUBLIC_URL"))
        } catch let missing as IdentityProvider.MissingPublicURL {
            throw CLIError(missing.description)
        } catch {
            throw CLIError("QUORUM_OIDC_JWKS_FILE does not hold a usable JWKS document")
        }
    }
}
