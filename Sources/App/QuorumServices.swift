public import Workflows
internal import Domain

/// What handlers and pages share: the use cases' runner, the metrics, and the
/// identity provider. Handlers reach the database only by running a use case.
public struct QuorumServices: Sendable {
    public let runner: UseCaseRunner
    public let metrics: RequestMetrics
    /// Verifies bearer JWTs from the employer's identity provider, if one is configured.
    public let identityProvider: IdentityProvider?
    /// Reverse proxies whose `X-Forwarded-For` names the client (`QUORUM_TRUSTED_PROXIES`); no one else's is believed.
    public let trustedProxies: Set<String>
    /// What one person may ask at once (``PersonLimiter``).
    public let personLimits: PersonLimits

    public init(runner: UseCaseRunner, metrics: RequestMetrics = RequestMetrics(), identityProvider: IdentityProvider? = nil,
                trustedProxies: Set<String> = [], personLimits: PersonLimits = .standard) {
        self.runner = runner
        self.metrics = metrics
        self.identityProvider = identityProvider
        self.trustedProxies = trustedProxies
        self.personLimits = personLimits
    }

    /// Runs `useCase` for the caller the request's credential names.
    func run<U: UseCase>(_ useCase: U, _ context: QuorumContext) async throws -> U.Output {
        try await runner.run(useCase, as: try context.credential(), requestID: context.requestIdentity)
    }
}
