internal import Store

/// Writes a failed or throttled sign-in to the security log: where it came
/// from and a fingerprint of the credential, never the credential itself.
public struct RecordFailedSignIn: SystemUseCase {
    public var source: String
    public var credential: String
    public var method: String
    public var path: String
    public var throttled: Bool

    public init(source: String, credential: some StringProtocol, method: String, path: String, throttled: Bool = false) {
        self.source = source
        self.credential = String(credential)
        self.method = method
        self.path = String(path.prefix(500))
        self.throttled = throttled
    }

    public func perform(on runner: UseCaseRunner) async throws {
        let failure = AuthenticationFailure(source: source, fingerprint: AuthenticationFailure.fingerprint(of: credential), method: method,
                                            path: path, throttled: throttled)
        try await runner.system { connection in try AuthenticationFailureRepository.record(failure, on: connection) }
    }
}
