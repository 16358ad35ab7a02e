internal import Hummingbird
internal import Store
internal import PQ
internal import Synchronization
internal import Foundation

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
    let pool: PQPool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let bearer = context.bearer else { return try await next(request, context) }
        let source = context.remoteAddress?.ipAddress ?? "unknown"
        if let seconds = throttle.retryAfter(source) {
            throw Problem(.tooManyRequests, kind: "too-many-failed-sign-ins", title: "Too many failed sign-ins",
                          detail: "Too many unknown or expired tokens came from here; try again in \(seconds) seconds.",
                          headers: [.retryAfter: String(seconds)])
        }
        do {
            return try await next(request, context)
        } catch let problem as Problem where problem.status == .unauthorized {
            throttle.recordFailure(source)
            let fingerprint = String(Tokens.digest(bearer).bytes.prefix(6).map { String(format: "%02x", $0) }.joined())
            let method = request.method.rawValue
            let path = String(request.uri.path.prefix(500))
            _ = try? await pool.withConnection { connection in
                try connection.query("""
                    INSERT INTO authentication_failures (source, token_fingerprint, method, path)
                    VALUES (\(source), \(fingerprint), \(method), \(path))
                    """)
            }
            throw problem
        }
    }
}
