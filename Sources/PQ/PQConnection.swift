internal import CLibPQ
internal import Foundation

/// One libpq connection. Every method blocks: call them only from a thread
/// that may block (the pool runs them on its own thread pool, never on an
/// event loop).
///
/// Statements with parameters are prepared once per connection and executed
/// by name afterwards (`PQexecPrepared`), which saves the server a parse and
/// plan on every call — the main lever on a 2-core machine.
///
/// `@unchecked Sendable` because the pool hands a connection to exactly one
/// task at a time; a `PGconn` must never be used from two threads at once and
/// the pool's checkout discipline is what guarantees it.
public final class PQConnection: @unchecked Sendable {
    let handle: OpaquePointer
    private var prepared: [String: PreparedStatement] = [:]
    /// Statements prepared per connection at most; beyond it, the unnamed statement is used.
    private static let preparedLimit = 512

    /// Set when the connection is known to be unusable; the pool then discards it.
    public internal(set) var isBroken = false
    /// Statements that succeeded since the pool last handed this connection out:
    /// a loss before any success means nothing ran, so the work can move to another connection.
    public internal(set) var succeededSinceCheckout = 0

    private struct PreparedStatement {
        var name: String
        var oids: [UInt32]
    }

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQfinish(handle)
    }

    /// Opens a connection from a libpq URI (`postgresql://…`) or `key=value`
    /// conninfo; an empty string uses libpq's `PG*` environment variables.
    /// Sessions run in UTC with ISO dates so text results parse the same everywhere.
    public static func connect(_ conninfo: String, applicationName: String = "quorum") throws -> PQConnection {
        let keywords = ["dbname", "fallback_application_name"]
        let values = [conninfo, applicationName]
        let cKeywords = keywords.map { strdup($0) }
        let cValues = values.map { strdup($0) }
        defer {
            cKeywords.forEach { free($0) }
            cValues.forEach { free($0) }
        }
        var keywordPointers: [UnsafePointer<CChar>?] = cKeywords.map { $0.map { UnsafePointer($0) } } + [nil]
        var valuePointers: [UnsafePointer<CChar>?] = cValues.map { $0.map { UnsafePointer($0) } } + [nil]
        guard let handle = PQconnectdbParams(&keywordPointers, &valuePointers, 1) else {
            throw PQError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            throw PQError(code: .connectionFailed, message: message, sqlState: "08001")
        }
        // Server notices ("relation already exists, skipping") are not errors; keep them off stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        let connection = PQConnection(handle: handle)
        try connection.execute(
            unsafeSQL: "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET bytea_output = 'hex'"
        )
        return connection
    }

    /// Whether libpq still considers the connection usable.
    public var isOpen: Bool {
        !isBroken && PQstatus(handle) == CONNECTION_OK
    }

    /// The server's process id, for `pg_terminate_backend` in tests and diagnostics.
    public var backendPID: Int {
        Int(PQbackendPID(handle))
    }

    /// Runs constant SQL text through the simple protocol (several statements allowed).
    /// For transaction control and migrations; never for text containing values.
    public func execute(unsafeSQL sql: String) throws {
        let result = PQexec(handle, sql)
        _ = try check(result, sql: sql)
    }

    /// Runs a parameterized statement and returns its rows.
    @discardableResult
    public func query(_ query: PQQuery) throws -> PQResult {
        for bind in query.binds {
            if case .invalid(let reason) = bind.payload {
                throw PQError(
                    code: .invalidParameter, message: reason,
                    sqlState: SQLState.characterNotInRepertoire, query: query.sql
                )
            }
        }
        let oids = query.binds.map(\.oid)
        do {
            return try run(query, oids: oids)
        } catch let error as PQError where error.sqlState == "26000" || isStalePlan(error) {
            // The server forgot the statement (DISCARD ALL) or the schema under it changed:
            // prepare afresh once.
            prepared[query.sql] = nil
            return try run(query, oids: oids)
        }
    }

    private func isStalePlan(_ error: PQError) -> Bool {
        error.sqlState == "0A000" && error.message.contains("cached plan")
    }

    /// The prepared statement's name for `query`, preparing it on first use;
    /// `nil` when it cannot be cached (types differ from the cached one, cache full).
    func preparedName(_ query: PQQuery, oids: [UInt32]) throws -> String? {
        if let statement = prepared[query.sql] {
            return statement.oids == oids ? statement.name : nil
        }
        guard prepared.count < Self.preparedLimit else { return nil }
        let name = "q\(prepared.count + 1)"
        let result = oids.withUnsafeBufferPointer { types in
            PQprepare(handle, name, query.sql, Int32(oids.count), types.baseAddress)
        }
        _ = try check(result, sql: query.sql)
        prepared[query.sql] = PreparedStatement(name: name, oids: oids)
        return name
    }

    private func run(_ query: PQQuery, oids: [UInt32]) throws -> PQResult {
        guard let name = try preparedName(query, oids: oids) else {
            return try runUnnamed(query, oids: oids)
        }
        let result = withParameterArrays(query.binds) { values, lengths, formats in
            PQexecPrepared(handle, name, Int32(query.binds.count), values, lengths, formats, 0)
        }
        return try check(result, sql: query.sql)
    }

    private func runUnnamed(_ query: PQQuery, oids: [UInt32]) throws -> PQResult {
        let result = oids.withUnsafeBufferPointer { types in
            withParameterArrays(query.binds) { values, lengths, formats in
                PQexecParams(
                    handle, query.sql, Int32(query.binds.count), types.baseAddress, values, lengths, formats, 0
                )
            }
        }
        return try check(result, sql: query.sql)
    }

    /// Lays all parameter bytes out in one buffer and passes pointers into it
    /// that live only for the duration of `body`.
    func withParameterArrays<R>(
        _ binds: [PQBind],
        _ body: (
            UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?
        ) -> R
    ) -> R {
        var storage: [UInt8] = []
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        offsets.reserveCapacity(binds.count)
        for bind in binds {
            switch bind.payload {
            case .null, .invalid:
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let bytes):
                offsets.append(storage.count)
                storage.append(contentsOf: bytes)
                lengths.append(Int32(bytes.count - 1))
                formats.append(0)
            case .binary(let bytes):
                offsets.append(storage.count)
                storage.append(contentsOf: bytes)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        if storage.isEmpty { storage.append(0) }
        return storage.withUnsafeBytes { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            let values: [UnsafePointer<CChar>?] = offsets.map { $0.map { base + $0 } }
            return values.withUnsafeBufferPointer { valuePointers in
                lengths.withUnsafeBufferPointer { lengthPointers in
                    formats.withUnsafeBufferPointer { formatPointers in
                        body(valuePointers.baseAddress, lengthPointers.baseAddress, formatPointers.baseAddress)
                    }
                }
            }
        }
    }

    /// Turns a libpq result into a ``PQResult`` or a ``PQError``, freeing it on failure.
    func check(_ result: OpaquePointer?, sql: String) throws -> PQResult {
        guard let result else {
            let message = String(cString: PQerrorMessage(handle))
            isBroken = PQstatus(handle) != CONNECTION_OK
            throw PQError(code: isBroken ? .connectionLost : .server, message: message, query: sql)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            succeededSinceCheckout += 1
            return PQResult(taking: result)
        default:
            let error = makeError(result, sql: sql)
            PQclear(result)
            throw error
        }
    }

    private func makeError(_ result: OpaquePointer, sql: String) -> PQError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let lost = PQstatus(handle) != CONNECTION_OK
        if lost { isBroken = true }
        let message = field(Int32(UInt8(ascii: "M"))) ?? String(cString: PQresultErrorMessage(result))
        return PQError(
            code: lost ? .connectionLost : .server,
            message: message,
            sqlState: field(Int32(UInt8(ascii: "C"))),
            constraint: field(Int32(UInt8(ascii: "n"))),
            table: field(Int32(UInt8(ascii: "t"))),
            column: field(Int32(UInt8(ascii: "c"))),
            detail: field(Int32(UInt8(ascii: "D"))),
            query: sql
        )
    }
}
