import Foundation
import PQ
import Testing

/// Server errors carry SQLSTATE, constraint and column; descriptions leak nothing.
@Suite struct ErrorTests {
    let connection: PQConnection

    init() throws {
        connection = try TestDatabase.connect()
        try connection.execute(unsafeSQL: """
            CREATE TEMP TABLE things (
                id int PRIMARY KEY,
                name text NOT NULL CONSTRAINT things_name_short CHECK (length(name) < 10),
                parent int CONSTRAINT things_parent_fk REFERENCES things (id)
            )
            """)
    }

    /// A duplicate key names its SQLSTATE and constraint.
    @Test func uniqueViolation_carriesStateAndConstraint() throws {
        try connection.query("INSERT INTO things (id, name) VALUES (\(1), \("one"))")
        #expect {
            try connection.query("INSERT INTO things (id, name) VALUES (\(1), \("again"))")
        } throws: { error in
            guard let pq = error as? PQError else { return false }
            return pq.sqlState == SQLState.uniqueViolation && pq.constraint == "things_pkey" && pq.table == "things"
        }
    }

    /// CHECK and foreign-key violations are told apart.
    @Test func checkAndForeignKey_areDistinct() throws {
        #expect { try connection.query("INSERT INTO things (id, name) VALUES (\(2), \("far too long a name"))") }
            throws: { ($0 as? PQError)?.constraint == "things_name_short" && ($0 as? PQError)?.sqlState == SQLState.checkViolation }
        #expect { try connection.query("INSERT INTO things (id, name, parent) VALUES (\(3), \("x"), \(99))") }
            throws: { ($0 as? PQError)?.constraint == "things_parent_fk" && ($0 as? PQError)?.sqlState == SQLState.foreignKeyViolation }
    }

    /// The description never shows the query or the values; the debug description does.
    @Test func description_isBland() throws {
        do {
            try connection.query("SELECT \("Jane Doe")::int")
            Issue.record("expected an error")
        } catch let error as PQError {
            #expect(!error.description.contains("Jane"))
            #expect(!error.description.contains("SELECT"))
            #expect(String(reflecting: error).contains("SELECT"))
            #expect(error.sqlState == "22P02")
        }
    }

    /// Statements with parameters are prepared once per connection and reused.
    @Test func parameterizedStatements_arePreparedOnce() throws {
        for value in 0..<5 { _ = try connection.query("SELECT \(value)::int + 1") }
        let prepared: Int = try connection.query(
            "SELECT count(*)::int8 FROM pg_prepared_statements WHERE statement = \("SELECT $1::int + 1")")[0].decode(at: 0)
        #expect(prepared == 1)
    }
}
