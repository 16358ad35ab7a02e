internal import Logging
internal import NIOPosix
internal import Synchronization

extension PQPool {
    /// A connection for the caller: an idle one, a new one within the limit,
    /// or the next one released, waiting at most the acquire timeout.
    func acquire() async throws -> PQConnection {
        let immediate: Grant? = try state.withLock { state in
            guard !state.closed else { throw PQError(code: .poolClosed, message: "the pool is closed") }
            return Self.grantIfPossible(&state, limit: configuration.maxConnections)
        }
        let grant: Grant
        if let immediate {
            grant = immediate
        } else {
            grant = try await wait()
        }
        switch grant {
        case .connection(let connection):
            return connection
        case .create:
            do {
                let conninfo = configuration.conninfo
                return try await threadPool.runIfActive { try PQConnection.connect(conninfo) }
            } catch {
                discardSlot()
                throw error
            }
        }
    }

    private static func grantIfPossible(_ state: inout State, limit: Int) -> Grant? {
        if let connection = state.idle.popLast() {
            state.inUse += 1
            return .connection(connection)
        }
        if state.open < limit {
            state.open += 1
            state.inUse += 1
            return .create
        }
        return nil
    }

    /// Waits for a released connection until the deadline (the timekeeper
    /// fails it then) or until the waiting task is cancelled.
    private func wait() async throws -> Grant {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        let deadline = configuration.clock.now.advanced(by: configuration.acquireTimeout)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Grant, any Error>) in
                let outcome: Result<Grant, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let grant = Self.grantIfPossible(&state, limit: configuration.maxConnections) { return .success(grant) }
                    state.waiters.append(Waiter(id: id, continuation: continuation, deadline: deadline))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Gives a connection back: to the first waiter, or to the idle list.
    func release(_ connection: PQConnection) {
        guard connection.isOpen else {
            discardBroken()
            return
        }
        let waiter: Waiter? = state.withLock { state in
            if state.closed {
                state.open -= 1
                state.inUse -= 1
                return nil
            }
            if !state.waiters.isEmpty {
                return state.waiters.removeFirst()
            }
            state.inUse -= 1
            state.idle.append(connection)
            return nil
        }
        waiter?.continuation.resume(returning: .connection(connection))
    }

    /// A connection died: drop it and every idle one (they are likely dead too),
    /// and let a waiter open a replacement.
    private func discardBroken() {
        let dropped: [PQConnection] = state.withLock { state in
            let idle = state.idle
            state.idle = []
            state.open -= idle.count
            return idle
        }
        if !dropped.isEmpty { logger.notice("discarded idle database connections", metadata: ["count": "\(dropped.count)"]) }
        discardSlot()
    }

    /// Gives back a slot that holds no connection (a failed connect or a dead connection).
    private func discardSlot() {
        let waiter: Waiter? = state.withLock { state in
            if !state.closed, !state.waiters.isEmpty {
                return state.waiters.removeFirst() // the slot passes to the waiter, which connects
            }
            state.open -= 1
            state.inUse -= 1
            return nil
        }
        waiter?.continuation.resume(returning: .create)
    }
}
