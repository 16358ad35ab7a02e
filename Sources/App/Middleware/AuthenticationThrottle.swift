internal import Hummingbird
internal import Workflows
internal import Synchronization
internal import Store
internal import Foundation

/// Slows down credential guessing without ever locking anyone out: a request
/// that presents a valid credential is always served; a failed one (unknown,
/// expired, revoked, a bad signature) is counted against its client address
/// and against the credential's fingerprint, and once either passes `limit`
/// failures within `window` further failures are answered 429 with
/// `Retry-After` instead of 401 — and logged as throttled. The client
/// address comes from `X-Forwarded-For` only when the peer is a configured
/// trusted proxy (`QUORUM_TRUSTED_PROXIES`), so one client cannot pose as
/// many, and everyone behind a shared proxy or NAT is not one client. State is
/// per process; behind a load balancer each server throttles what it sees.
final class AuthenticationThrottle: Sendable {
    struct Window {
        var started: ContinuousClock.Instant
        var failures: Int
    }

    let limit: Int
    let window: Duration
    let trustedProxies: Set<String>
    private let windows = Mutex<[String: Window]>([:])

    init(limit: Int = 20, window: Duration = .seconds(60), trustedProxies: Set<String> = []) {
        self.limit = limit
        self.window = window
        self.trustedProxies = trustedProxies
    }

    /// The client's address: the peer, or — when the peer is a trusted proxy —
    /// the rightmost address in `X-Forwarded-For` that is not a trusted proxy.
    func source(_ request: Request, _ context: QuorumContext) -> String {
        ClientAddress.resolve(peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[.init("X-Forwarded-For")!],
                              trustedProxies: trustedProxies)
    }

    /// Counts a failure of the credential `fingerprint` from `source`; the
    /// seconds to wait if either has now failed too often (answer 429), else nil.
    func recordFailure(source: String, fingerprint: String) -> Int? {
        windows.withLock { windows in
            let now = ContinuousClock.now
            if windows.count > 20_000 { windows = windows.filter { now - $0.value.started < window } }
            var wait: Int?
            for key in ["address " + source, "credential " + fingerprint] {
                var current = windows[key].flatMap { now - $0.started < window ? $0 : nil } ?? Window(started: now, failures: 0)
                current.failures += 1
                windows[key] = current
                if current.failures > limit {
                    wait = max(wait ?? 1, Int((window - (now - current.started)).components.seconds))
                }
            }
            return wait
        }
    }

    /// The 429 a throttled failure is answered with.
    static func tooMany(_ seconds: Int) -> Problem {
        Problem(.tooManyRequests, kind: "too-many-failed-sign-ins", title: "Too many failed sign-ins",
                detail: "Too many unknown or expired credentials came from here or named this one; try again in \(seconds) seconds.",
                headers: [.retryAfter: String(seconds)])
    }
}

/// Where a request comes from, decided once for the throttle and the security log.
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: String?, trustedProxies: Set<String>) -> String {
        guard let peer else { return "unknown" }
        guard trustedProxies.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { !trustedProxies.contains($0) } ?? peer
    }
}

/// Applies ``AuthenticationThrottle`` to every request that presents a
/// credential (a token or a JWT): whatever layer refuses it, the failure is
/// counted, logged, and answered 429 once the address or the credential is throttled.
struct AuthenticationThrottleMiddleware: RouterMiddleware {
    typealias Context = QuorumContext
    let throttle: AuthenticationThrottle
    let runner: UseCaseRunner

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error, requestID: context.requestID, logger: context.logger)
            guard problem.status == .unauthorized else { throw error }
            let credential = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : header
            let source = throttle.source(request, context)
            let wait = throttle.recordFailure(source: source, fingerprint: AuthenticationFailure.fingerprint(of: credential))
            // The security log is best effort: a failure to write it must not turn a 401 into a 500.
            _ = try? await runner.run(RecordFailedSignIn(source: source, credential: credential, method: request.method.rawValue,
                                                         path: request.uri.path, throttled: wait != nil))
            if let wait { throw AuthenticationThrottle.tooMany(wait) }
            throw problem
        }
    }
}
