import Foundation
import Logging
import PQ
import ServiceLifecycle
import Store

/// Purges kept idempotent replies a day after they were made, every ten
/// minutes while the server runs: they hold personal data, and a key's
/// purpose ends with its 24 hours.
struct ReplyPurge: Service {
    let pool: PQPool
    let logger: Logger
    var interval: Duration = .seconds(600)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let purged = try await pool.transaction { connection in try IdempotencyRepository.purgeExpired(on: connection) }
                    if purged > 0 { logger.info("purged kept replies", metadata: ["count": "\(purged)"]) }
                } catch {
                    logger.error("purging kept replies failed", metadata: ["reason": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
