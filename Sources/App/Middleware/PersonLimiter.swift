internal import Hummingbird
internal import Synchronization
internal import Store

/// One person cannot slow everyone: each credential may have at most
/// `concurrency` requests in flight and spend `burst` requests at once,
/// refilled at `perSecond`; beyond either, 429 with `Retry-After` — per
/// person (their credential), never per address, so a shared proxy or NAT
/// does not make colleagues share a budget.
final class PersonLimiter: Sendable {
    struct Budget {
        var inFlight: Int
        var tokens: Double
        var refilled: ContinuousClock.Instant
    }

    /// How long a refusal waits before it is sent.
    static let refusalPause: Duration = .milliseconds(250)

    let concurrency: Int
    let burst: Double
    let perSecond: Double
    private let budgets = Mutex<[String: Budget]>([:])

    init(_ limits: PersonLimits) {
        self.concurrency = limits.concurrency
        self.burst = Double(limits.burst)
        self.perSecond = Double(limits.perSecond)
    }

    /// Takes a slot for `key`, or says how many seconds to wait.
    func acquire(_ key: String) -> Int? {
        budgets.withLock { budgets in
            let now = ContinuousClock.now
            if budgets.count > 50_000 { budgets = budgets.filter { $0.value.inFlight > 0 } }
            var budget = budgets[key] ?? Budget(inFlight: 0, tokens: burst, refilled: now)
            let elapsed = now - budget.refilled
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            budget.tokens = min(burst, budget.tokens + seconds * perSecond)
            budget.refilled = now
            guard budget.inFlight < concurrency else { budgets[key] = budget; return 1 }
            guard budget.tokens >= 1 else {
                budgets[key] = budget
                return perSecond > 0 ? max(1, Int(((1 - budget.tokens) / perSecond).rounded(.up))) : 60
            }
            budget.tokens -= 1
            budget.inFlight += 1
            budgets[key] = budget
            return nil
        }
    }

    func release(_ key: String) {
        budgets.withLock { budgets in
            guard var budget = budgets[key] else { return }
            budget.inFlight = max(0, budget.inFlight - 1)
            budgets[key] = budget
        }
    }
}

/// How much one person may ask of the server at once (`QUORUM_PERSON_CONCURRENCY`,
/// `QUORUM_PERSON_BURST`, `QUORUM_PERSON_RATE`).
public struct PersonLimits: Sendable, Hashable {
    public var concurrency: Int
    public var burst: Int
    public var perSecond: Int

    public init(concurrency: Int, burst: Int, perSecond: Int) {
        self.concurrency = concurrency
        self.burst = burst
        self.perSecond = perSecond
    }

    /// Two API requests in flight, sixty at once, thirty a second: more than a
    /// person's scripts need (pages are not limited: they run in process), and
    /// on two cores few enough that one person's flood leaves room for everyone else.
    public static let standard = PersonLimits(concurrency: 2, burst: 60, perSecond: 30)
}

/// Applies ``PersonLimiter`` to every request that presents a credential.
struct PersonLimitMiddleware: RouterMiddleware {
    typealias Context = QuorumContext
    let limiter: PersonLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let bearer = context.bearer else { return try await next(request, context) }
        let key = AuthenticationFailure.fingerprint(of: bearer)
        if let wait = limiter.acquire(key) {
            // Answered after a pause (no thread is held): a client that ignores Retry-After
            // and asks again at once spends the server's time at a walk, not a sprint.
            try? await Task.sleep(for: PersonLimiter.refusalPause)
            throw Problem(.tooManyRequests, kind: "too-many-requests", title: "Too many requests",
                          detail: "You have too many requests running or sent too many at once; try again in \(wait) seconds.",
                          headers: [.retryAfter: String(wait)])
        }
        defer { limiter.release(key) }
        return try await next(request, context)
    }
}
