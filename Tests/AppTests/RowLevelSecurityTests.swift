@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Store
import Testing
import Workflows

/// The second wall: connected as the server's role, a transaction that has
/// entered organisation A sees and changes nothing of organisation B, and one
/// that has entered none sees nothing at all.
@Suite struct RowLevelSecurityTests {
    /// Every table with the tenant policy, as the database lists them.
    static func protectedTables(on connection: PQConnection) throws -> [String] {
        try connection.query("SELECT tablename::text FROM pg_policies WHERE policyname = 'tenant' ORDER BY tablename").map { try $0.decode(at: 0) }
    }

    @Test func appRole_seesOnlyTheEnteredOrganisation() async throws {
        let services = try await TestEnvironment.services()
        let a = try await TestOrganisation.make(services: services)
        let b = try await TestOrganisation.make(services: services)
        // Give B an audit trail and a concern through the API so more tables hold its rows.
        try await withQuorum(services) { (client) async throws -> Void in
            _ = try await client.call(.post, "/v1/enrolments/\(b.enrolmentID)/concerns", token: b.assessor.token,
                                      body: #"{"category": "progress", "severity": "developmental", "description": "Late recording"}"#)
        }
        let app = try PQConnection.connect(try TestEnvironment.appURL)
        let tables = try Self.protectedTables(on: app)
        #expect(tables.count >= 38, "every organisation-owned table carries the policy: \(tables)")
        let withOrganisationColumn = Set(try app.query("""
            SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organisation_id'
            """).map { try $0.decode(String.self, at: 0) })
        #expect(withOrganisationColumn.subtracting(tables).isEmpty, "unprotected: \(withOrganisationColumn.subtracting(tables))")

        try app.execute(unsafeSQL: "BEGIN")
        try Tenancy.enter(a.id, on: app)
        var foreign = 0
        for table in tables where withOrganisationColumn.contains(table) {
            foreign += try app.query(PQQuery(unsafeSQL: "SELECT count(*)::int8 FROM " + table + " WHERE organisation_id = $1", binds: [b.id.pqBind]))[0].decode(Int.self, at: 0)
        }
        foreign += try app.query("SELECT count(*)::int8 FROM organisations WHERE id = \(b.id)")[0].decode(Int.self, at: 0)
        #expect(foreign == 0)
        #expect(try app.query("SELECT count(*)::int8 FROM people")[0].decode(Int.self, at: 0) == 9, "A's nine people, nobody else")
        let changed = try app.query("UPDATE enrolments SET fte = fte WHERE organisation_id = \(b.id)").affectedRows
            + app.query("UPDATE concerns SET organisation_id = organisation_id WHERE organisation_id = \(b.id)").affectedRows
        #expect(changed == 0)
        #expect { try app.query("INSERT INTO people (id, organisation_id, email, name) VALUES (\(PersonID.random()), \(b.id), 'intruder@test.example', 'X')") }
            throws: { ($0 as? PQError)?.sqlState == SQLState.insufficientPrivilege }
        try app.execute(unsafeSQL: "ROLLBACK")

        // Nothing entered: nothing seen.
        #expect(try app.query("SELECT count(*)::int8 FROM people")[0].decode(Int.self, at: 0) == 0)
        #expect(try app.query("SELECT count(*)::int8 FROM audit_events")[0].decode(Int.self, at: 0) == 0)
        // A token that is not live clears whatever was entered before it.
        try app.execute(unsafeSQL: "BEGIN")
        try Tenancy.enter(a.id, on: app)
        #expect(try app.query(Tokens.callerQuery(forSecret: "not-a-token")).count == 0)
        #expect(try app.query("SELECT count(*)::int8 FROM people")[0].decode(Int.self, at: 0) == 0)
        try app.execute(unsafeSQL: "ROLLBACK")
        print("FIGURE rls_foreign_rows \(foreign + changed) rows")
    }

    /// The server's pipelined reads: the caller's lookup enters their organisation
    /// for the statements sent with it, and only for those.
    @Test func pipelinedRead_seesTheCallersOrganisationOnly() async throws {
        let services = try await TestEnvironment.services()
        let a = try await TestOrganisation.make(services: services)
        let b = try await TestOrganisation.make(services: services)
        let results = try await services.pool.pipelined([
            Tokens.callerQuery(forSecret: a.coordinator.token), "SELECT count(*)::int8 FROM people", "SELECT count(*)::int8 FROM people WHERE organisation_id = \(b.id)",
        ])
        #expect(try results[1].get()[0].decode(Int.self, at: 0) == 9)
        #expect(try results[2].get()[0].decode(Int.self, at: 0) == 0)
        let after = try await services.pool.pipelined(["SELECT count(*)::int8 FROM people"])
        #expect(try after[0].get()[0].decode(Int.self, at: 0) == 0, "nothing carries over to the next request")
    }
}
