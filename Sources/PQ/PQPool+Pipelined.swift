internal import NIOPosix
internal import Synchronization

/// Reads waiting for a connection, and how many connections are draining them.
struct PipelineBatches {
    struct Submission {
        var queries: [PQQuery]
        var continuation: CheckedContinuation<[Result<PQResult, PQError>], any Error>
        var enqueued: ContinuousClock.Instant
    }

    var pending: [Submission] = []
    var drainers = 0
    /// Whether a sweeper is expiring reads that waited past the acquire timeout.
    var sweeping = false
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
    /// ``PQError/Code/poolTimeout``, like a checkout would.
    public func pipelined(_ queries: [PQQuery]) async throws -> [Result<PQResult, PQError>] {
        do {
            return try await submit(queries)
        } catch let error as PQError where error.isConnectionLoss {
            return try await submit(queries)
        }
    }

    private func submit(_ queries: [PQQuery]) async throws -> [Result<PQResult, PQError>] {
        try await withCheckedThrowingContinuation { continuation in
            let (startDrainer, startSweeper) = batches.withLock { batches in
                batches.pending.append(.init(queries: queries, continuation: continuation, enqueued: .now))
                let sweeper = !batches.sweeping
                batches.sweeping = true
                guard batches.drainers < configuration.pipelineConnections else { return (false, sweeper) }
                batches.drainers += 1
                return (true, sweeper)
            }
            if startDrainer { Task { await self.runDrainer() } }
            if startSweeper { Task { await self.sweep() } }
        }
    }

    /// While reads wait, expires those that waited past the acquire timeout —
    /// one task per pool, waking a few times a second, not a timer per read.
    private func sweep() async {
        let limit = configuration.acquireTimeout
        while true {
            try? await Task.sleep(for: min(limit / 4, .milliseconds(100)))
            let now = ContinuousClock.now
            let (expired, done) = batches.withLock { batches in
                let (old, fresh) = batches.pending.reduce(into: ([PipelineBatches.Submission](), [PipelineBatches.Submission]())) { parts, submission in
                    if now - submission.enqueued > limit { parts.0.append(submission) } else { parts.1.append(submission) }
                }
                batches.pending = fresh
                // Nothing waits: stop; the next read to wait starts a new sweeper.
                if fresh.isEmpty { batches.sweeping = false }
                return (old, fresh.isEmpty)
            }
            for submission in expired {
                submission.continuation.resume(throwing: PQError(code: .poolTimeout, message: "no database connection became free in time"))
            }
            if done { return }
        }
    }

    /// Takes a connection and a pool thread and sends batches until none are waiting.
    private func runDrainer() async {
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
            try await threadPool.runIfActive { self.drain(on: connection) }
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
    private func drain(on connection: PQConnection) {
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
            if batch.isEmpty { return }
            do {
                let outcomes = try connection.pipeline(groups: batch.map(\.queries))
                for (submission, outcome) in zip(batch, outcomes) { submission.continuation.resume(returning: outcome) }
            } catch {
                for submission in batch { submission.continuation.resume(throwing: error) }
                guard connection.isOpen else {
                    // This connection is gone; let a new drainer take what still waits.
                    let restart = batches.withLock { batches in
                        batches.drainers -= 1
                        guard !batches.pending.isEmpty else { return false }
                        batches.drainers += 1
                        return true
                    }
                    if restart { Task { await self.runDrainer() } }
                    return
                }
            }
        }
    }
}
