public import PQ
public import Domain
internal import Store

/// What a use case works with inside its transaction: the connection, the
/// caller resolved on it, today's date from the clock, and the request id
/// that ties the audit events of one request together. Only use cases in
/// this module can do anything with it: its connection is internal.
public struct UseCaseContext {
    let connection: PQConnection
    public let caller: Caller
    public let today: CalendarDay
    /// The server's id for the request: what the audit trail and the logs join on.
    public let requestID: String
    /// The client's own `X-Request-Id`, kept apart in the trail.
    public let clientRequestID: String?
    let runner: UseCaseRunner

    init(connection: PQConnection, caller: Caller, today: CalendarDay, requestID: RequestIdentity, runner: UseCaseRunner) {
        self.connection = connection
        self.caller = caller
        self.today = today
        self.requestID = requestID.server
        self.clientRequestID = requestID.client
        self.runner = runner
    }

    /// The caller's organisation: the only one whose records exist for them.
    var organisation: OrganisationID { caller.organisationID }

    /// The audit trail's "who": the caller acting as `role`.
    func actor(_ role: Role) -> Actor {
        Actor(personID: caller.personID, role: role.rawValue, requestID: requestID, clientRequestID: clientRequestID)
    }

    /// The caller acting in a role that is not a stored role (`panel_chair`).
    func actor(named role: String) -> Actor {
        Actor(personID: caller.personID, role: role, requestID: requestID, clientRequestID: clientRequestID)
    }

    /// The caller acting on an enrolment, in the role their relation to it gives.
    func actor(on enrolment: Enrolment) -> Actor {
        actor(EnrolmentAccess.actingRole(caller, on: enrolment))
    }
}

/// A read whose statements do not depend on the caller: they travel with the
/// caller lookup in one round trip, batched with other requests' reads. The
/// hot path (`GET /v1/enrolments/{id}`) is one of these.
public protocol PipelinedUseCase: UseCase where Output == Answer {
    /// What `decode` answers: the use case's ``UseCase/Output``.
    associatedtype Answer: Sendable

    var statements: [PQQuery] { get }
    /// Decodes the rows and checks them against the caller (need-to-know).
    func decode(_ results: [PQResult], caller: Caller) throws -> Answer
}

extension PipelinedUseCase {
    public func perform(on runner: UseCaseRunner, as credential: Credential, requestID: RequestIdentity) async throws -> Output {
        let (caller, results) = try await runner.pipelined(as: credential, statements)
        return try decode(results, caller: caller)
    }
}
