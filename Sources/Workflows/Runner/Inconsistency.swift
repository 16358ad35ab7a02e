/// Something that cannot happen if the schema's constraints and this
/// module's rules hold — a record just written and not found, say. It is a
/// fault of ours: the HTTP layer answers 500 and logs it, never a client error.
public struct Inconsistency: Error, Sendable, CustomStringConvertible {
    public var detail: String
    public var location: String

    init(_ detail: String, fileID: String = #fileID, line: Int = #line) {
        self.detail = detail
        self.location = "\(fileID):\(line)"
    }

    public var description: String { "\(detail) (\(location))" }
}
