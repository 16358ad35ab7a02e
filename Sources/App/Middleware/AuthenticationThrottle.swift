internal import Hummingbird
internal import Workflows
internal import Synchronization

/// Slows down token guessing: a source that presents more than `limit`
/// unknown, expired or revoked tokens within `window` gets 429 with
/// `Retry-After` until the window ends. Every failure is written to the
/// security log (`authentication_failures`: a fingerprint of the token,
/// never the token). State is per process; behind a load balancer each
/// server throttles what it sees.
final class AuthenticationThrottle: Sendable {
    struct Window {
        var started: ContinuousClock.Instant
        var failures: Int
    }

    let limit: Int
    let window: Duration
    private let windows = Mutex<[String: Window]>([:])

    init(limit: Int = 20, window: Duration = .seconds(60)) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `source` may try again, or nil if it may now.
    func retryAfter(_ source: String) -> Int? {
        windows.withLock { windows in
            guard let current = windows[source] else { return nil }
            let elapsed = ContinuousClock.now - current.started
            if elapsed >= window {
                windows[source] = nil
                return nil
            }
            guard current.failures >= limit else { return nil }
            return max(1, Int((window - elapsed).components.seconds))
        }
    }

    /// Throws 429 with `Retry-After` while `source` is throttled.
    func refuseIfThrottled(_ source: String) throws {
        if let seconds = retryAfter(source) {
            throw Problem(.tooManyRequests, kind: "too-many-failed-sign-ins", title: "Too many failed sign-ins",
                          detail: "Too many unknown or expired tokens came from here; try again in \(seconds) seconds.",
                          headers: [.retryAfter: String(seconds)])
        }
    }

    /// Counts a failure from `source`.
    func recordFailure(_ source: String) {
        windows.withLock { windows in
            let now = ContinuousClock.now
            if windows.count > 10_000 { windows = windows.filter { now - $0.value.started < window } }
            if var current = windows[source], now - current.started < window {
                current.failures += 1
                windows[source] = current
            } else {
                windows[source] = Window(started: now, failures: 1)
            }
        }
    }
}

/// Applies ``AuthenticationThrottle`` to requests that carry a bearer token.
struct AuthenticationThrottleMiddleware: RouterMiddleware {
    typealias Context = QuorumContext
    let throttle: AuthenticationThrottle
    let runner: UseCaseRunner

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let bearer = context.bearer else { return try await next(request, context) }
        let source = context.remoteAddress?.ipAddress ?? "unknown"
        try throttle.refuseIfThrottled(source)
        do {
            return try await next(request, context)
        } catch {
            // An unknown, expired or revoked credential, whichever layer found it out.
            let problem = Problem.from(error, requestID: context.requestID, logger: context.logger)
            guard problem.status == .unauthorized else { throw error }
            throttle.recordFailure(source)
            // The security log is best effort: a failure to write it must not turn a 401 into a 500.
            _ = try? await runner.run(RecordFailedSignIn(source: source, credential: bearer, method: request.method.rawValue, path: request.uri.path))
            throw problem
        }
    }
}
