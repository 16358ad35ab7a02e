public import Domain
public import Store

/// Claims an `Idempotency-Key` for the caller before the command it guards
/// runs (its own short transaction): fresh, a replay of a stored reply, a
/// key reused for another request, or one whose first request still runs.
public struct ClaimIdempotencyKey: TransactionalUseCase {
    public var key: String
    public var method: String
    public var path: String
    public var requestHash: [UInt8]

    public init(key: String, method: String, path: String, requestHash: [UInt8]) {
        self.key = key
        self.method = method
        self.path = path
        self.requestHash = requestHash
    }

    public func run(in context: UseCaseContext) throws -> (claim: IdempotencyClaim, person: PersonID) {
        (try IdempotencyRepository.claim(key, person: context.caller.personID, organisation: context.organisation, method: method, path: path,
                                         hash: requestHash, on: context.connection), context.caller.personID)
    }
}

/// Stores the reply a claimed key's request got (2xx–4xx), or frees the key
/// after a fault of ours (5xx, `reply` nil) so the client may try again.
public struct FinishIdempotencyKey: TransactionalUseCase {
    public var key: String
    public var person: PersonID
    public var reply: StoredReply?

    public init(key: String, person: PersonID, reply: StoredReply?) {
        self.key = key
        self.person = person
        self.reply = reply
    }

    public func run(in context: UseCaseContext) throws {
        if let reply {
            try IdempotencyRepository.complete(key, person: person, reply: reply, on: context.connection)
        } else {
            try IdempotencyRepository.release(key, person: person, on: context.connection)
        }
    }
}

extension ClaimIdempotencyKey {
    /// What identifies "the same request": method, path and body, hashed.
    public static func requestHash(method: String, path: String, body: some Sequence<UInt8>) -> [UInt8] {
        IdempotencyRepository.requestHash(method: method, path: path, body: body)
    }
}
