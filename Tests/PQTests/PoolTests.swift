import Foundation
import NIOPosix
import PQ
import Testing

/// The pool bounds connections, gives up waiting in time, replaces dead connections and leaks nothing.
@Suite struct PoolTests {
    /// Blocking libpq calls run on the pool's threads, never on an event loop.
    @Test func work_runsOffTheEventLoop() async throws {
        let pool = try TestDatabase.pool(max: 2)
        let onEventLoop = try await pool.withConnection { connection in
            _ = try connection.query("SELECT 1")
            return MultiThreadedEventLoopGroup.currentEventLoop != nil
        }
        #expect(!onEventLoop)
        await pool.close()
    }

    /// With every connection busy, a waiter gives up with poolTimeout once the
    /// timeout has passed — on the pool's clock, moved by hand, so the test does not wait.
    @Test func exhausted_waiterTimesOut() async throws {
        let clock = ManualClock()
        let pool = try TestDatabase.pool(max: 1, acquireTimeout: .seconds(5), clock: clock)
        let gate = Gate()
        let holder = Task { try await pool.withConnection { _ in gate.wait() } }
        while pool.statistics.inUse == 0 { await Task.yield() }
        let waiter = Task { try await pool.withConnection { _ in } }
        while !clock.hasSleepers || pool.statistics.waiting == 0 { await Task.yield() }
        clock.advance(by: .seconds(4))
        #expect(pool.statistics.waiting == 1, "still within the timeout")
        clock.advance(by: .seconds(2))
        await #expect { try await waiter.value } throws: { ($0 as? PQError)?.code == .poolTimeout }
        gate.open()
        try await holder.value
        // Afterwards the pool serves again.
        #expect(try await pool.withConnection { try $0.query("SELECT 1").count } == 1)
        await pool.close()
    }

    /// A waiter whose task is cancelled stops waiting at once and leaves the queue.
    @Test func cancelledWaiter_leavesTheQueue() async throws {
        let pool = try TestDatabase.pool(max: 1)
        let gate = Gate()
        let holder = Task { try await pool.withConnection { _ in gate.wait() } }
        while pool.statistics.inUse == 0 { await Task.yield() }
        let waiter = Task { try await pool.withConnection { _ in } }
        while pool.statistics.waiting == 0 { await Task.yield() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(pool.statistics.waiting == 0)
        gate.open()
        try await holder.value
        #expect(try await pool.withConnection { try $0.query("SELECT 1").count } == 1)
        await pool.close()
    }

    /// Concurrency beyond the limit queues instead of opening more connections.
    @Test func concurrency_neverExceedsLimit() async throws {
        let pool = try TestDatabase.pool(max: 3)
        let current = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    try await pool.withConnection { connection in
                        current.add(1)
                        try connection.execute(unsafeSQL: "SELECT pg_sleep(0.01)")
                        current.add(-1)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(current.peak <= 3)
        #expect(pool.statistics.open <= 3)
        #expect(pool.statistics.inUse == 0)
        await pool.close()
    }

    /// A connection killed on the server is replaced; the next request succeeds.
    @Test func terminatedBackend_isReplacedTransparently() async throws {
        let pool = try TestDatabase.pool(max: 2)
        let pid = try await pool.withConnection { $0.backendPID }
        let killer = try TestDatabase.connect()
        let terminated: Bool = try killer.query("SELECT pg_terminate_backend(\(Int32(pid)))")[0].decode(at: 0)
        #expect(terminated)
        try await Task.sleep(for: .milliseconds(100))
        let newPID = try await pool.withConnection { connection in
            _ = try connection.query("SELECT 1")
            return connection.backendPID
        }
        #expect(newPID != pid)
        await pool.close()
    }

    /// Thousands of queries leave the connection count and memory flat: nothing leaks.
    @Test func manyQueries_leakNeitherConnectionsNorMemory() async throws {
        let pool = try TestDatabase.pool(max: 4)
        func rssKB() -> Int {
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        func batch() async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in 0..<250 {
                            let text: String = try await pool.withConnection { connection in
                                try connection.query("SELECT repeat(\("x"), \(Int32(1000 + worker))) || \(index)::text")[0].decode(at: 0)
                            }
                            #expect(text.count > 1000)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await batch() // warm up: connections, prepared statements, allocator pools
        let before = rssKB()
        for _ in 0..<3 { try await batch() }
        var after = rssKB()
        // RSS is the whole test process's, and other suites run alongside: a
        // one-off rise is their allocation. A leak keeps growing, so on a rise
        // measure three more batches from there.
        var start = before
        if after - start >= 16_384 {
            start = after
            for _ in 0..<3 { try await batch() }
            after = rssKB()
        }
        #expect(pool.statistics.open <= 4)
        #expect(pool.statistics.inUse == 0)
        #expect(after - start < 16_384, "RSS grew by \(after - start) KB over 6,000 queries")
        await pool.close()
    }
}
