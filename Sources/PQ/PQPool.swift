public import Logging
internal import NIOPosix
internal import Synchronization

/// A bounded pool of libpq connections with its own threads for blocking calls.
///
/// Every libpq call runs on the pool's `NIOThreadPool`, sized to the number of
/// connections, so a task holding a connection always has a thread and no
/// blocking call ever lands on an event loop. A caller hands the pool one
/// synchronous closure per unit of work: a request's whole database work costs
/// one thread hop, not one per statement.
///
/// When every connection is busy a caller waits up to
/// ``Configuration/acquireTimeout`` and then gets ``PQError/Code/poolTimeout``,
/// which the HTTP layer turns into 503 with `Retry-After`. A connection that
/// fails with a connection-level error is discarded together with the idle
/// ones (after a server restart they are all dead) and replaced on demand.
public final class PQPool: Sendable {
    /// How the pool connects and how far it grows.
    public struct Configuration: Sendable {
        /// A libpq URI or conninfo; empty means libpq's `PG*` environment variables.
        public var conninfo: String
        /// The most connections open at once.
        public var maxConnections: Int
        /// How long a caller waits for a free connection before giving up.
        public var acquireTimeout: Duration
        /// How many times a transaction is re-run after a serialization failure or deadlock.
        public var transactionAttempts: Int
        /// Connections that at most serve batched reads (``PQPool/pipelined(_:)``) at once.
        public var pipelineConnections: Int

        public init(
            conninfo: String, maxConnections: Int = 8, acquireTimeout: Duration = .seconds(5),
            transactionAttempts: Int = 3, pipelineConnections: Int? = nil
        ) {
            self.conninfo = conninfo
            self.maxConnections = max(1, maxConnections)
            self.acquireTimeout = acquireTimeout
            self.transactionAttempts = max(1, transactionAttempts)
            self.pipelineConnections = max(1, min(self.maxConnections, pipelineConnections ?? max(1, self.maxConnections / 8)))
        }
    }

    /// A point-in-time view of the pool, for `/metrics` and tests.
    public struct Statistics: Sendable, Equatable {
        /// Connections open (idle or in use).
        public var open: Int
        /// Connections handed out.
        public var inUse: Int
        /// Callers waiting for a connection.
        public var waiting: Int
    }

    private enum Grant {
        case connection(PQConnection)
        case create
    }

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Grant, any Error>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var idle: [PQConnection] = []
        var open = 0
        var inUse = 0
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var closed = false
    }

    /// The pool's settings.
    public let configuration: Configuration
    private let state = Mutex(State())
    let batches = Mutex(PipelineBatches())
    let threadPool: NIOThreadPool
    private let logger: Logger

    /// Creates a pool; no connection is opened until one is needed.
    public init(configuration: Configuration, logger: Logger = Logger(label: "quorum.pq")) {
        self.configuration = configuration
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.maxConnections)
        threadPool.start()
    }

    /// Current counts.
    public var statistics: Statistics {
        state.withLock { Statistics(open: $0.open, inUse: $0.inUse, waiting: $0.waiters.count) }
    }

    /// Runs `body` with a connection on a pool thread. If the connection turns
    /// out to be dead before any statement succeeded (typically after a server
    /// restart), the work is retried once on a fresh connection: nothing ran, so
    /// nothing can run twice.
    public func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PQConnection) throws -> T
    ) async throws -> T {
        do {
            return try await withConnectionOnce(body)
        } catch let error as PQError where error.isConnectionLoss && !error.ranStatements {
            logger.notice("database connection lost; retrying on a new connection")
            return try await withConnectionOnce(body)
        }
    }

    private func withConnectionOnce<T: Sendable>(
        _ body: @escaping @Sendable (PQConnection) throws -> T
    ) async throws -> T {
        let connection = try await acquire()
        connection.succeededSinceCheckout = 0
        do {
            let value = try await threadPool.runIfActive { try body(connection) }
            release(connection)
            return value
        } catch var error as PQError {
            error.ranStatements = connection.succeededSinceCheckout > 0
            release(connection)
            throw error
        } catch {
            release(connection)
            throw error
        }
    }

    /// Closes every connection and stops the threads; waiting callers get ``PQError/Code/poolClosed``.
    public func close() async {
        let (idle, waiters) = state.withLock { state -> ([PQConnection], [Waiter]) in
            state.closed = true
            let idle = state.idle
            let waiters = state.waiters
            state.open -= idle.count
            state.idle = []
            state.waiters = []
            return (idle, waiters)
        }
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume(throwing: PQError(code: .poolClosed, message: "the pool is closed"))
        }
        _ = idle // dropping the references closes the connections (deinit calls PQfinish)
        try? await threadPool.shutdownGracefully()
    }

    // MARK: - Checkout

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

    private func wait() async throws -> Grant {
        let timeout = configuration.acquireTimeout
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Grant, any Error>) in
            let outcome: Grant? = state.withLock { state in
                if let grant = Self.grantIfPossible(&state, limit: configuration.maxConnections) { return grant }
                let id = state.nextWaiterID
                state.nextWaiterID += 1
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    self?.expireWaiter(id)
                }
                state.waiters.append(Waiter(id: id, continuation: continuation, timer: timer))
                return nil
            }
            if let outcome { continuation.resume(returning: outcome) }
        }
    }

    private func expireWaiter(_ id: Int) {
        let waiter: Waiter? = state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(
            throwing: PQError(code: .poolTimeout, message: "no database connection became free in time")
        )
    }

    // MARK: - Return

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
        if let waiter {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: .connection(connection))
        }
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
        if let waiter {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: .create)
        }
    }
}
