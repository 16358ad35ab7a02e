import Foundation
import PQ
import Testing

/// `transaction` commits on return, rolls back on throw, and re-runs on serialization failure.
@Suite struct TransactionTests {
    struct Boom: Error {}

    /// A throwing body leaves nothing behind; a returning one commits.
    @Test func transaction_rollsBackOnThrow_commitsOnReturn() async throws {
        let pool = try TestDatabase.pool(max: 1, owner: true)
        let table = "tx_\(UInt32.random(in: 0 ... .max))"
        try await pool.withConnection { try $0.execute(unsafeSQL: "CREATE TABLE \(table) (n int)") }
        await #expect(throws: Boom.self) {
            try await pool.transaction { connection in
                try connection.query(PQQuery(unsafeSQL: "INSERT INTO \(table) VALUES (1)"))
                throw Boom()
            }
        }
        try await pool.transaction { try $0.query(PQQuery(unsafeSQL: "INSERT INTO \(table) VALUES (2)")) }
        let rows: [Int] = try await pool.withConnection { connection in
            try connection.query(PQQuery(unsafeSQL: "SELECT n FROM \(table)")).map { try $0.decode(Int.self, at: 0) }
        }
        #expect(rows == [2])
        try await pool.withConnection { try $0.execute(unsafeSQL: "DROP TABLE \(table)") }
        await pool.close()
    }

    /// SQLSTATE 40001 and 40P01 re-run the body, up to the configured attempts.
    @Test(arguments: ["40001", "40P01"])
    func transaction_retriesSerializationFailures(state: String) async throws {
        let pool = PQPool(configuration: .init(conninfo: try TestDatabase.url, maxConnections: 1, transactionAttempts: 3))
        let attempts = Counter()
        let result = try await pool.transaction { connection -> String in
            if attempts.add(1) < 3 {
                try connection.execute(unsafeSQL: "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '\(state)'; END $$")
            }
            return "done"
        }
        #expect(result == "done")
        #expect(attempts.value == 3)
        // One more failure than allowed surfaces the error.
        attempts.reset()
        await #expect { try await pool.transaction { connection in
            attempts.add(1)
            try connection.execute(unsafeSQL: "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '\(state)'; END $$")
        } } throws: { ($0 as? PQError)?.sqlState == state }
        #expect(attempts.value == 3)
        await pool.close()
    }

    /// A real serialization conflict between two SERIALIZABLE transactions resolves by retry.
    @Test func serializable_realConflict_isRetriedToSuccess() async throws {
        // Four writers on one row: allow enough attempts for each to get through.
        let pool = PQPool(configuration: .init(conninfo: try TestDatabase.ownerURL, maxConnections: 4, transactionAttempts: 10))
        let table = "ser_\(UInt32.random(in: 0 ... .max))"
        try await pool.withConnection { try $0.execute(unsafeSQL: "CREATE TABLE \(table) (id int PRIMARY KEY, n int); INSERT INTO \(table) VALUES (1, 0)") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await pool.transaction(isolation: .serializable) { connection in
                        let n: Int = try connection.query(PQQuery(unsafeSQL: "SELECT n FROM \(table) WHERE id = 1"))[0].decode(at: 0)
                        usleep(20_000)
                        try connection.query(PQQuery(unsafeSQL: "UPDATE \(table) SET n = $1 WHERE id = 1", binds: [(n + 1).pqBind]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let n: Int = try await pool.withConnection { try $0.query(PQQuery(unsafeSQL: "SELECT n FROM \(table)"))[0].decode(at: 0) }
        #expect(n == 4, "no increment may be lost")
        try await pool.withConnection { try $0.execute(unsafeSQL: "DROP TABLE \(table)") }
        await pool.close()
    }
}
