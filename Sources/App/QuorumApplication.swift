public import Hummingbird
public import Logging
internal import Foundation
internal import NIOCore

/// Builds Quorum's router and application. The same router serves
/// production and the tests (`app.test(.router)`), so tests exercise every
/// middleware a real request passes through.
public enum QuorumApplication {
    /// Server settings, usually from the environment (see ``ServerConfiguration/fromEnvironment()``).
    public struct ServerConfiguration: Sendable {
        public var host: String
        public var port: Int
        /// Log one line per request (off in tests to keep output short).
        public var accessLog: Bool
        /// Seconds a connection may send nothing before it is closed (`QUORUM_IDLE_TIMEOUT_SECONDS`, default 15).
        public var idleTimeoutSeconds: Int

        public init(host: String = "127.0.0.1", port: Int = 8080, accessLog: Bool = true, idleTimeoutSeconds: Int = 15) {
            self.host = host
            self.port = port
            self.accessLog = accessLog
            self.idleTimeoutSeconds = idleTimeoutSeconds
        }

        /// `HOST` and `PORT` from the environment, with defaults.
        public static func fromEnvironment() -> ServerConfiguration {
            let environment = ProcessInfo.processInfo.environment
            return ServerConfiguration(
                host: environment["HOST"] ?? "127.0.0.1",
                port: environment["PORT"].flatMap(Int.init) ?? 8080,
                accessLog: environment["QUORUM_ACCESS_LOG"] != "0",
                idleTimeoutSeconds: environment["QUORUM_IDLE_TIMEOUT_SECONDS"].flatMap(Int.init) ?? 15)
        }
    }

    /// The router with every route and middleware, and the table that lists them.
    /// `templates` are the pages', loaded and checked at start-up (``PageTemplates/load()``).
    public static func router(services: QuorumServices, templates: PageTemplates, accessLog: Bool = true) -> (Router<QuorumContext>, RouteTable) {
        let table = RouteTable()
        let router = Router(context: QuorumContext.self)
        router.add(middleware: ObservabilityMiddleware(metrics: services.metrics, accessLog: accessLog))
        router.add(middleware: ProblemMiddleware(routes: table))
        SystemRoutes(services: services, openAPI: ByteBuffer(bytes: openAPIDocument())).register(on: router, table: table)
        // One throttle for both doors: failed sign-ins through the pages count too.
        let throttle = AuthenticationThrottle(trustedProxies: services.trustedProxies)
        registerAPI(on: router, services: services, table: table, throttle: throttle)
        // The pages run the same use cases in-process, with typed inputs and results.
        WebRoutes(services: services, renderer: PageRenderer(templates: templates), throttle: throttle).register(on: router)
        return (router, table)
    }

    /// The JSON API under `/v1`, behind authentication, throttling and idempotency.
    private static func registerAPI(on router: Router<QuorumContext>, services: QuorumServices, table: RouteTable, throttle: AuthenticationThrottle) {
        // The throttle wraps the bearer check, so a JWT with a bad signature counts and is logged like an unknown token.
        let v1 = router.group("v1").add(middleware: AuthenticationThrottleMiddleware(throttle: throttle, runner: services.runner))
            .add(middleware: BearerMiddleware(identityProvider: services.identityProvider))
            .add(middleware: PersonLimitMiddleware(limiter: PersonLimiter(services.personLimits)))
            .add(middleware: IdempotencyMiddleware(services: services))
        MeRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        PeopleRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        EnrolmentRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        AuditRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        EvidenceRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        YearRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        SufficiencyRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        ReviewRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        SupervisionRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        TrackerRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        PolicyRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        ConcernRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        PlanRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        EscalationRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        RecommendationRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        PanelRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        PanelDecisionRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        PanelCalendarRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
        ModerationRoutes(services: services).register(on: v1, prefix: "/v1", table: table)
    }

    /// The application, ready for `runService()` or `test(.router)`.
    public static func make(
        services: QuorumServices, templates: PageTemplates, configuration: ServerConfiguration, logger: Logger
    ) -> some ApplicationProtocol {
        let (router, _) = router(services: services, templates: templates, accessLog: configuration.accessLog)
        // A connection that sends nothing (half a request, or an idle keep-alive) is closed: slow clients cannot hold sockets open.
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quorum"),
            logger: logger)
    }

    /// The OpenAPI document shipped with the binary, read once.
    ///
    /// Looked for without `Bundle.module`, which stops the process when its
    /// bundle is missing: `QUORUM_OPENAPI`, then the SwiftPM resource bundle
    /// beside the executable, then `../share/quorum/openapi.yaml` (installed
    /// layout), then the source tree.
    public static func openAPIDocument() -> [UInt8] {
        cachedOpenAPIDocument
    }

    private static let cachedOpenAPIDocument: [UInt8] = {
        let executableDirectory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["QUORUM_OPENAPI"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        for directory in [executableDirectory, Bundle.main.bundleURL, executableDirectory.deletingLastPathComponent()] {
            candidates.append(directory.appendingPathComponent("quorum_App.resources/openapi.yaml"))
        }
        candidates.append(executableDirectory.deletingLastPathComponent().appendingPathComponent("share/quorum/openapi.yaml"))
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/openapi.yaml"))
        for candidate in candidates {
            if let data = try? Data(contentsOf: candidate) { return Array(data) }
        }
        return Array("openapi: 3.1.0\ninfo: {title: Quorum, version: unknown}\npaths: {}\n".utf8)
    }()
}
