public import Domain
public import PQ
internal import Foundation
internal import Crypto

/// The first reply to a request sent with an `Idempotency-Key`, kept to answer replays.
public struct StoredReply: Sendable, Hashable {
    public var status: Int
    public var contentType: String?
    public var etag: String?
    public var location: String?
    public var body: [UInt8]

    public init(status: Int, contentType: String?, etag: String?, location: String?, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.etag = etag
        self.location = location
        self.body = body
    }
}

/// What a key means for the request that carries it.
public enum IdempotencyClaim: Sendable, Hashable {
    /// First use: run the request, then ``IdempotencyRepository/complete(_:person:reply:on:)``.
    case fresh
    /// Seen before with the same request: answer with the first reply.
    case replay(StoredReply)
    /// Seen before with a different request.
    case mismatch
    /// The first request with this key is still running.
    case inProgress
}

/// Idempotency keys, per person, kept for 24 hours (`sql/0014`).
public enum IdempotencyRepository {
    /// How long a key is remembered.
    public static let lifetime: PQFragment = "interval '24 hours'"

    /// SHA-256 over the method, the path and the body: "the same request".
    public static func requestHash(method: String, path: String, body: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array((method + " " + path + "\n").utf8))
        hasher.update(data: Array(body))
        return Array(hasher.finalize())
    }

    /// Deletes every kept reply older than the lifetime, in every organisation
    /// (they hold personal data); returns how many went. Run on a schedule.
    public static func purgeExpired(on connection: PQConnection) throws -> Int {
        try connection.query("SELECT purge_idempotency_keys(\(lifetime))")[0].decode(Int.self, at: 0)
    }

    /// Claims `key` for this request, or says what the earlier use of it means.
    public static func claim(
        _ key: String, person: PersonID, organisation: OrganisationID, method: String, path: String, hash: [UInt8], on connection: PQConnection
    ) throws -> IdempotencyClaim {
        try connection.query("DELETE FROM idempotency_keys WHERE person_id = \(person) AND key = \(key) AND created_at < now() - \(lifetime)")
        let inserted = try connection.query("""
            INSERT INTO idempotency_keys (organisation_id, person_id, key, method, path, request_hash, state)
            VALUES (\(organisation), \(person), \(key), \(method), \(path), \(PQBytes(hash)), 'pending')
            ON CONFLICT (person_id, key) DO NOTHING
            """).affectedRows
        if inserted == 1 { return .fresh }
        guard let row = try connection.query("""
            SELECT method, path, request_hash, state, status, content_type, etag, location, body
              FROM idempotency_keys WHERE person_id = \(person) AND key = \(key)
            """).first else { return .inProgress }
        let storedHash: PQBytes = try row.decode(at: 2)
        guard try row.decode(String.self, at: 0) == method, try row.decode(String.self, at: 1) == path, storedHash.bytes == hash else { return .mismatch }
        guard try row.decode(String.self, at: 3) == "complete" else { return .inProgress }
        return .replay(StoredReply(
            status: try row.decode(at: 4), contentType: try row.decode(at: 5), etag: try row.decode(at: 6), location: try row.decode(at: 7),
            body: try row.decode(PQBytes.self, at: 8).bytes))
    }

    /// Keeps the first reply for replays.
    public static func complete(_ key: String, person: PersonID, reply: StoredReply, on connection: PQConnection) throws {
        try connection.query("""
            UPDATE idempotency_keys SET state = 'complete', status = \(reply.status), content_type = \(reply.contentType), etag = \(reply.etag),
                   location = \(reply.location), body = \(PQBytes(reply.body))
             WHERE person_id = \(person) AND key = \(key) AND state = 'pending'
            """)
    }

    /// Frees the key after a failure that was not the client's (5xx), so a retry runs again.
    public static func release(_ key: String, person: PersonID, on connection: PQConnection) throws {
        try connection.query("DELETE FROM idempotency_keys WHERE person_id = \(person) AND key = \(key) AND state = 'pending'")
    }
}
