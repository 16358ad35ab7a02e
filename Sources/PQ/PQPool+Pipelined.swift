internal import NIOPosix
internal import Synchronization

/// Reads waiting for a connection, and how many connections are draining them.
struct PipelineBatches {
    struct Submission {
        var queries: [PQQuery]
        var continuation: CheckedContinuation<[Result<PQResult, PQError>], any Error>
        var deadline: ContinuousClock.Instant
    }

    var pending: [Submission] = []
    var drainers = 0
}

extension PQPool {
    /// The most callers' reads sent in one round trip.
    static let batchLimit = 64

    /// Runs independent reads in one round trip, together with other
    /// callers' reads waiting at the same moment.
    ///
    /// Under load, one pool thread takes every waiting caller's statements and
    /// sends them as one libpq pipeline with a sync point per caller (a
    /// failure aborts only that caller's statements), then hands each caller
    /// its results. That turns N callers' round trips and thread wake-ups into
    /// one. For reads only: a caller's statements share one implicit
    /// transaction — one per caller, ending at its sync point — and after a lost
    /// connection the reads are sent again. A read that waits longer than
    /// ``Configuration/acquireTimeout`` (every connection held up) fails with
    /// ``PQError/Code/poolTimeout``, like a checkout would. The drainers are
    /// the pool's own tasks, started by its ``run()``: until the pool runs,
    /// batched reads wait for it.
    public func pipelined(_ queries: [PQQuery]) async throws -> [Result<PQResult, PQError>] {
        do {
            return try await submit(queries)
        } catch let error as PQError where error.isConnectionLoss {
            return try await submit(queries)
        }
    }

    private func submit(_ queries: [PQQuery]) async throws -> [Result<PQResult, PQError>] {
        guard !state.withLock({ $0.closed }) else { throw PQError(code: .poolClosed, message: "the pool is closed") }
        let deadline = configuration.clock.now.advanced(by: configuration.acquireTimeout)
        return try await withCheckedThrowingContinuation { continuation in
            let startDrainer = batches.withLock { batches in
                batches.pending.append(.init(queries: queries, continuation: continuation, deadline: deadline))
                guard batches.drainers < configuration.pipelineConnections else { return false }
                batches.drainers += 1
                return true
            }
            if startDrainer { requestDrainer() }
        }
    }

    /// Asks ``run()`` for a drainer; if the pool is no longer running, fails what waits.
    private func requestDrainer() {
        if case .terminated = drainerRequested.yield() {
            let waiting = batches.withLock { batches in
                batches.drainers = 0
                defer { batches.pending = [] }
                return batches.pending
            }
            for submission in waiting { submission.continuation.resume(throwing: PQError(code: .poolClosed, message: "the pool is closed")) }
        }
    }

    /// Fails batched reads that waited past their deadline (called by the timekeeper).
    func expireBatches(now: ContinuousClock.Instant) {
        let expired = batches.withLock { batches in
            let (late, onTime) = batches.pending.partitioned { $0.deadline <= now }
            batches.pending = onTime
            return late
        }
        for submission in expired {
            submission.continuation.resume(throwing: PQError(code: .poolTimeout, message: "no database connection became free in time"))
        }
    }

    /// Fails every batched read still waiting (the pool is closing).
    func failWaitingBatches(_ error: PQError) {
        let waiting = batches.withLock { batches in
            defer { batches.pending = [] }
            return batches.pending
        }
        for submission in waiting { submission.continuation.resume(throwing: error) }
    }

    /// Takes a connection and a pool thread and sends batches until none are waiting.
    func runDrainer() async {
        let connection: PQConnection
        do {
            connection = try await acquire()
        } catch {
            let waiting = batches.withLock { batches in
                batches.drainers -= 1
                // Fail what waits only if no other drainer will take it.
                if batches.drainers > 0 { return [PipelineBatches.Submission]() }
                defer { batches.pending = [] }
                return batches.pending
            }
            for submission in waiting { submission.continuation.resume(throwing: error) }
            return
        }
        connection.succeededSinceCheckout = 0
        do {
            let restart = try await threadPool.runIfActive { self.drain(on: connection) }
            if restart { requestDrainer() }
        } catch {
            let waiting = batches.withLock { batches in
                batches.drainers -= 1
                defer { batches.pending = [] }
                return batches.pending
            }
            for submission in waiting { submission.continuation.resume(throwing: error) }
        }
        release(connection)
    }

    /// Runs on a pool thread: one pipeline per batch, until the queue is empty.
    /// Returns whether a new drainer must take over (this connection died with reads still waiting).
    private func drain(on connection: PQConnection) -> Bool {
        while true {
            let batch: [PipelineBatches.Submission] = batches.withLock { batches in
                if batches.pending.isEmpty {
                    batches.drainers -= 1
                    return []
                }
                let count = min(batches.pending.count, Self.batchLimit)
                defer { batches.pending.removeFirst(count) }
                return Array(batches.pending.prefix(count))
            }
            if batch.isEmpty { return false }
            do {
                let outcomes = try connection.pipeline(groups: batch.map(\.queries))
                for (submission, outcome) in zip(batch, outcomes) { submission.continuation.resume(returning: outcome) }
            } catch {
                for submission in batch { submission.continuation.resume(throwing: error) }
                guard connection.isOpen else {
                    // This connection is gone; a new drainer takes what still waits.
                    return batches.withLock { batches in
                        batches.drainers -= 1
                        guard !batches.pending.isEmpty else { return false }
                        batches.drainers += 1
                        return true
                    }
                }
            }
        }
    }
}
