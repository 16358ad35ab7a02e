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
    @Flag(help: "Apply pending migrations before serving.") var migrate = false

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let logger = Logger(label: "quorum")
        if migrate {
            let applied = try Migrator(directory: Migrator.defaultDirectory()).migrate(on: DatabaseSettings.connect(DatabaseSettings.ownerURL))
            logger.info("migrations applied", metadata: ["count": "\(applied.count)"])
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
        let services = QuorumServices(runner: UseCaseRunner(pool: pool, clock: .europeLondon), identityProvider: identityProvider)
        let app = QuorumApplication.make(services: services, templates: templates, configuration: configuration, logger: logger)
        logger.info("serving", metadata: ["address": "http://\(configuration.host):\(configuration.port)"])
        // The pool starts first and stops last: requests in flight finish before it closes.
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: pool), .init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
