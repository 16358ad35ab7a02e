import Foundation
import PQ
import Testing

/// Several statements in one round trip, each with its own outcome.
@Suite struct PipelineTests {
    /// Results come back in order, decoded like single queries.
    @Test func pipeline_returnsResultsInOrder() throws {
        let connection = try TestDatabase.connect()
        let results = try connection.pipeline(["SELECT \(1)::int8", "SELECT \("two")::text, \(true)", "SELECT generate_series(1, \(Int32(3)))"])
        #expect(try results[0].get()[0].decode(Int.self, at: 0) == 1)
        #expect(try results[1].get()[0].decode(String.self, at: 0) == "two")
        #expect(try results[1].get()[0].decode(Bool.self, at: 1) == true)
        #expect(try results[2].get().count == 3)
    }

    /// A failing statement reports its SQLSTATE, later ones report the abort, and the connection stays usable.
    @Test func pipeline_failureIsContained() throws {
        let connection = try TestDatabase.connect()
        let results = try connection.pipeline(["SELECT 1", "SELECT \("x")::int", "SELECT 3"])
        #expect((try? results[0].get()) != nil)
        #expect(throws: PQError.self) { try results[1].get() }
        if case .failure(let error) = results[1] { #expect(error.sqlState == "22P02") }
        #expect(throws: PQError.self) { try results[2].get() }
        #expect(try connection.query("SELECT \(41)::int8 + 1")[0].decode(Int.self, at: 0) == 42)
        #expect(connection.isOpen)
    }

    /// Repeated pipelines reuse prepared statements and leave nothing pending.
    @Test func pipeline_repeatsCleanly() throws {
        let connection = try TestDatabase.connect()
        for index in 0..<200 {
            let results = try connection.pipeline(["SELECT \(index)::int8", "SELECT \(index)::int8 * 2"])
            #expect(try results[1].get()[0].decode(Int.self, at: 0) == index * 2)
        }
    }
}

/// Many callers' reads share round trips; each gets exactly its own results.
@Suite struct BatchedReadTests {
    /// Hundreds of concurrent reads each receive their own answer, errors stay with their caller.
    @Test func pipelined_concurrentCallersGetTheirOwnResults() async throws {
        let pool = TestDatabase.running(PQPool(configuration: .init(conninfo: try TestDatabase.url, maxConnections: 4, pipelineConnections: 2)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<400 {
                group.addTask {
                    if index % 50 == 7 {
                        let results = try await pool.pipelined(["SELECT \(index)::int8", "SELECT \("bad")::int", "SELECT 1"])
                        #expect(try results[0].get()[0].decode(Int.self, at: 0) == index)
                        #expect(throws: PQError.self) { try results[1].get() }
                    } else {
                        let results = try await pool.pipelined(["SELECT \(index)::int8", "SELECT \("n\(index)")::text"])
                        #expect(try results[0].get()[0].decode(Int.self, at: 0) == index)
                        #expect(try results[1].get()[0].decode(String.self, at: 0) == "n\(index)")
                    }
                }
            }
            try await group.waitForAll()
        }
        // A drainer hands out results before it returns its connection: allow it a moment.
        for _ in 0..<100 where pool.statistics.inUse > 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(pool.statistics.inUse == 0)
        #expect(pool.statistics.open <= 2)
        await pool.close()
    }

    /// A batched read survives its connection being killed: the read is sent again.
    @Test func pipelined_survivesTerminatedBackend() async throws {
        let pool = TestDatabase.running(PQPool(configuration: .init(conninfo: try TestDatabase.url, maxConnections: 2, pipelineConnections: 1)))
        let pid = try await pool.withConnection { $0.backendPID }
        let killer = try TestDatabase.connect()
        _ = try killer.query("SELECT pg_terminate_backend(\(Int32(pid)))")
        try await Task.sleep(for: .milliseconds(100))
        let results = try await pool.pipelined(["SELECT 42::int8"])
        #expect(try results[0].get()[0].decode(Int.self, at: 0) == 42)
        await pool.close()
    }

    /// Reads queued behind a connection that is held up fail with poolTimeout
    /// once the acquire timeout has passed (503 upstream), instead of waiting
    /// for ever. Time is moved by hand: the test does not wait for the timeout.
    @Test func pipelined_waitingPastTimeout_failsWithPoolTimeout() async throws {
        let clock = ManualClock()
        let pool = TestDatabase.running(PQPool(configuration: .init(
            conninfo: try TestDatabase.url, maxConnections: 1, acquireTimeout: .seconds(5), pipelineConnections: 1, clock: clock)))
        let gate = Gate()
        // The only connection is held, so the read queues behind it.
        let holder = Task { try await pool.withConnection { _ in gate.wait() } }
        while pool.statistics.inUse == 0 { await Task.yield() }
        let queued = Task { try await pool.pipelined(["SELECT 1::int8"]) }
        while !clock.hasSleepers || pool.statistics.waiting == 0 { await Task.yield() }
        clock.advance(by: .seconds(6))
        await #expect { try await queued.value } throws: { ($0 as? PQError)?.code == .poolTimeout }
        gate.open()
        try await holder.value
        let after = try await pool.pipelined(["SELECT 2::int8"])
        #expect(try after[0].get()[0].decode(Int.self, at: 0) == 2, "recovered once the connection was free")
        await pool.close()
    }
}
