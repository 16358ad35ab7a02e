internal import CLibPQ

/// The rows of one statement's result.
///
/// Owns the `PGresult` and frees it exactly once, in `deinit`, so no code path
/// can leak it. `@unchecked Sendable` because a `PGresult` is immutable once
/// libpq hands it over: concurrent reads are safe and nothing mutates it.
public final class PQResult: @unchecked Sendable {
    @usableFromInline let handle: OpaquePointer
    /// The number of rows.
    public let count: Int
    /// The number of columns.
    public let columnCount: Int

    init(taking handle: OpaquePointer) {
        self.handle = handle
        self.count = Int(PQntuples(handle))
        self.columnCount = Int(PQnfields(handle))
    }

    deinit {
        PQclear(handle)
    }

    /// Rows changed by an INSERT, UPDATE or DELETE (0 for other statements).
    public var affectedRows: Int {
        guard let text = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    /// The column names, in order.
    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: PQfname(handle, Int32($0))) }
    }

    /// The index of a named column, or `nil`.
    public func columnIndex(named name: String) -> Int? {
        let index = Int(PQfnumber(handle, name))
        return index >= 0 ? index : nil
    }

    /// Row `index`; rows are views and keep the result alive.
    public subscript(index: Int) -> PQRow {
        precondition(index >= 0 && index < count, "row \(index) out of range 0..<\(count)")
        return PQRow(result: self, index: index)
    }

    /// The first row, if any.
    public var first: PQRow? { count > 0 ? self[0] : nil }

    @usableFromInline
    func isNull(row: Int, column: Int) -> Bool {
        PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    /// The cell's bytes, valid while this result lives (the caller holds it).
    @usableFromInline
    func bytes(row: Int, column: Int) -> UnsafeBufferPointer<UInt8> {
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let pointer = PQgetvalue(handle, Int32(row), Int32(column)) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
    }
}

extension PQResult: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
}

/// One row of a ``PQResult``.
public struct PQRow: Sendable {
    @usableFromInline let result: PQResult
    @usableFromInline let index: Int

    init(result: PQResult, index: Int) {
        self.result = result
        self.index = index
    }

    /// Decodes column `column` as `T`; a NULL decodes only into an optional.
    /// Inlinable so callers in other modules get it specialized for their `T`
    /// (unspecialized, generic metadata lookups dominated decoding profiles).
    @inlinable
    public func decode<T: PQDecodable>(_ type: T.Type = T.self, at column: Int) throws -> T {
        guard column >= 0, column < result.columnCount else {
            throw PQError(code: .decoding, message: "no column \(column) (result has \(result.columnCount))")
        }
        if result.isNull(row: index, column: column) {
            return try T.pqNull()
        }
        let decoded = withExtendedLifetime(result) { T.pqDecode(bytes: result.bytes(row: index, column: column)) }
        guard let value = decoded else {
            // The value itself is not quoted: it may be personal data.
            throw PQError(code: .decoding, message: "column \(column) is not a valid \(T.self)")
        }
        return value
    }

    /// Decodes the column named `name` as `T`.
    public func decode<T: PQDecodable>(_ type: T.Type = T.self, named name: String) throws -> T {
        guard let column = result.columnIndex(named: name) else {
            throw PQError(code: .decoding, message: "no column named \(name)")
        }
        return try decode(type, at: column)
    }
}
