public import Logging
public import ServiceLifecycle
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
/// The pool is a `Service`: its ``run()`` owns the work that outlives any one
/// caller — the drainers that send batched reads (``pipelined(_:)``) and the
/// timekeeper that fails waiters past ``Configuration/acquireTimeout`` with
/// ``PQError/Code/poolTimeout`` (503 + `Retry-After` above). No task is left
/// unstructured; shutting the service down closes the pool. A connection that
/// fails with a connection-level error is discarded together with the idle
/// ones (after a server restart they are all dead) and replaced on demand.
public final class PQPool: Service, Sendable {
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
        /// Where deadlines are measured; tests move it by hand.
        public var clock: any PQClock

        public init(
            conninfo: String, maxConnections: Int = 8, acquireTimeout: Duration = .seconds(5),
            transactionAttempts: Int = 3, pipelineConnections: Int? = nil, clock: any PQClock = .continuous
        ) {
            self.conninfo = conninfo
            self.maxConnections = max(1, maxConnections)
            self.acquireTimeout = acquireTimeout
            self.transactionAttempts = max(1, transactionAttempts)
            self.pipelineConnections = max(1, min(self.maxConnections, pipelineConnections ?? max(1, self.maxConnections / 8)))
            self.clock = clock
        }

        /// How often the timekeeper looks for deadlines that have passed.
        var tick: Duration { min(acquireTimeout / 4, .milliseconds(100)) }
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

    enum Grant {
        case connection(PQConnection)
        case create
    }

    struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Grant, any Error>
        var deadline: ContinuousClock.Instant
    }

    struct State {
        var idle: [PQConnection] = []
        var open = 0
        var inUse = 0
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var closed = false
    }

    /// The pool's settings.
    public let configuration: Configuration
    let state = Mutex(State())
    let batches = Mutex(PipelineBatches())
    let threadPool: NIOThreadPool
    let logger: Logger
    /// Asks ``run()`` to start a drainer for batched reads.
    let drainerRequests: AsyncStream<Void>
    let drainerRequested: AsyncStream<Void>.Continuation

    /// Creates a pool; no connection is opened until one is needed. Batched
    /// reads and waiting deadlines need ``run()`` (in a `ServiceGroup`, or a task).
    public init(configuration: Configuration, logger: Logger = Logger(label: "quorum.pq")) {
        self.configuration = configuration
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.maxConnections)
        (drainerRequests, drainerRequested) = AsyncStream.makeStream(of: Void.self)
        threadPool.start()
    }

    /// Current counts.
    public var statistics: Statistics {
        state.withLock { Statistics(open: $0.open, inUse: $0.inUse, waiting: $0.waiters.count) }
    }

    // MARK: - The service

    /// Keeps time and runs the drainers until graceful shutdown (or
    /// cancellation), then closes the pool.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.keepTime() }
                for await _ in drainerRequests {
                    group.addTask { await self.runDrainer() }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.drainerRequested.finish()
        }
        await close()
    }

    /// Fails waiters and batched reads whose deadline has passed, a few times a second.
    private func keepTime() async {
        let clock = configuration.clock
        while !Task.isCancelled {
            do { try await clock.sleep(for: configuration.tick) } catch { return }
            expire(now: clock.now)
        }
    }

    /// Fails everything that has waited past its deadline.
    func expire(now: ContinuousClock.Instant) {
        let timedOut: [Waiter] = state.withLock { state in
            let (late, onTime) = state.waiters.partitioned { $0.deadline <= now }
            state.waiters = onTime
            return late
        }
        for waiter in timedOut {
            waiter.continuation.resume(throwing: PQError(code: .poolTimeout, message: "no database connection became free in time"))
        }
        expireBatches(now: now)
    }

    // MARK: - Work

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
        drainerRequested.finish()
        for waiter in waiters {
            waiter.continuation.resume(throwing: PQError(code: .poolClosed, message: "the pool is closed"))
        }
        failWaitingBatches(PQError(code: .poolClosed, message: "the pool is closed"))
        _ = idle // dropping the references closes the connections (deinit calls PQfinish)
        try? await threadPool.shutdownGracefully()
    }
}

extension Array {
    /// The elements that match and those that do not, each in order.
    func partitioned(_ matches: (Element) -> Bool) -> (matching: [Element], rest: [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if matches(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}
