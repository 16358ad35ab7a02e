import App
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PQ
import ServiceLifecycle
import UnixSignals
import Store
import Workflows

/// `quorum serve`: the HTTP server until SIGTERM or Ctrl-C.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the API (HOST, PORT; default 127.0.0.1:8080).",
        discussion: "SIGTERM or Ctrl-C finishes requests in flight, then closes the database pool.")

    @Option(help: "Address to listen on (overrides HOST).") var host: String?
    @Option(help: "Port to listen on (overrides PORT).") var port: Int?

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let logger = Logger(label: "quorum")
        // The server holds the application role only: migrations run as their own job with the owner's credentials.
        let problems = try SystemRepository.servingRoleProblems(on: DatabaseSettings.connect(DatabaseSettings.appURL))
        guard problems.isEmpty else {
            logger.critical("refusing to serve with a privileged database role: give DATABASE_URL the application role (docs/operations.md)",
                            metadata: ["problems": "\(problems.joined(separator: "; "))"])
            throw ExitCode.failure
        }
        var configuration = QuorumApplication.ServerConfiguration.fromEnvironment()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        let pool = PQPool(configuration: .init(
            conninfo: DatabaseSettings.appURL, maxConnections: DatabaseSettings.poolSize,
            acquireTimeout: DatabaseSettings.acquireTimeout, pipelineConnections: DatabaseSettings.pipelineConnections),
            logger: logger)
        // Templates are compiled now: a broken one stops start-up here, with its name.
        let templates: PageTemplates
        do { templates = try PageTemplates.load() } catch {
            logger.critical("cannot serve the pages", metadata: ["reason": "\(error)"])
            throw ExitCode.failure
        }
        let identityProvider = try await DatabaseSettings.identityProvider()
        if let identityProvider { logger.info("accepting identity tokens", metadata: ["issuer": "\(identityProvider.issuer)"]) }
        // QUORUM_TRUSTED_PROXIES: the addresses of the reverse proxies in front (comma-separated); only their X-Forwarded-For is believed.
        let trustedProxies = Set((ProcessInfo.processInfo.environment["QUORUM_TRUSTED_PROXIES"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let environment = ProcessInfo.processInfo.environment
        let standard = PersonLimits.standard
        let limits = PersonLimits(concurrency: environment["QUORUM_PERSON_CONCURRENCY"].flatMap(Int.init) ?? standard.concurrency,
                                  burst: environment["QUORUM_PERSON_BURST"].flatMap(Int.init) ?? standard.burst,
                                  perSecond: environment["QUORUM_PERSON_RATE"].flatMap(Int.init) ?? standard.perSecond)
        let services = QuorumServices(runner: UseCaseRunner(pool: pool, clock: .europeLondon), identityProvider: identityProvider,
                                      trustedProxies: trustedProxies, personLimits: limits)
        let app = QuorumApplication.make(services: services, templates: templates, configuration: configuration, logger: logger)
        logger.info("serving", metadata: ["address": "http://\(configuration.host):\(configuration.port)"])
        var running: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: pool), .init(service: app),
                                                                          .init(service: ReplyPurge(pool: pool, logger: logger))]
        if let anchoring = try AuditAnchorSettings.fromEnvironment() {
            logger.info("anchoring the audit chains", metadata: ["key": "\(anchoring.key.id)", "every": "\(anchoring.interval)"])
            running.append(.init(service: AuditAnchoring(pool: pool, settings: anchoring, logger: logger)))
        } else {
            logger.warning("audit anchoring is off: set QUORUM_AUDIT_KEY_FILE so a rewritten chain is found (docs/operations.md)")
        }
        // The pool starts first and stops last: requests in flight finish before it closes.
        let group = ServiceGroup(configuration: .init(services: running, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
