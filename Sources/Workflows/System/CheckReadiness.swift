internal import Store

/// Whether the database answers: what `/readyz` tells a load balancer.
public struct CheckReadiness: SystemUseCase {
    public init() {}

    public func perform(on runner: UseCaseRunner) async throws -> Bool {
        try await runner.system { connection in try SystemRepository.ping(on: connection) }
    }
}
