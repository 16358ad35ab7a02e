internal import NIOPosix
internal import Synchronization

/// Reads waiting for a connection, and how many connections are draining them.
struct PipelineBatches {
    struct Submission {
        var queries: [PQQuery]
        var continuation: CheckedContinuation<[Result<PQResult, PQError>], any Error>
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
    /// one. For reads only: each statement runs in its own implicit
    /// transaction, and after a lost connection the reads are sent again.
    public func pipelined(_ queries: [PQQuery]) async throws -> [Result<PQResult, PQError>] {
        do {
            return try await submit(queries)
        } catch let error as PQError where error.isConnectionLoss {
            return try await submit(queries)
        }
    }

    private func submit(_ queries: [PQQuery]) async throws -> [Result<PQResult, PQError>] {
        try await withCheckedThrowingContinuation { continuation in
            let startDrainer = batches.withLock { batches in
                batches.pending.append(.init(queries: queries, continuation: continuation))
                guard batches.drainers < configuration.pipelineConnections else { return false }
                batches.drainers += 1
                return true
            }
            if startDrainer { Task { await self.runDrainer() } }
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
