internal import Hummingbird
internal import Domain
internal import Store
internal import Foundation

/// A whole policy document as a request body.
enum PolicyBody {
    /// Decodes a policy and the reason for the change (`reason`, required),
    /// naming the field at fault in a 422.
    static func decode<T: Decodable>(_ request: Request, context: QuorumContext, setting extra: [String: JSONValue]) async throws -> (policy: T, reason: String) {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        var fields = try JSONFields(buffer) // a JSON object, or 400
        let reason = fields.reason("reason", maxLength: 2000, whenBlank: "Say why the policy changes.")
        var data = Data(buffer.readableBytesView)
        if case .object(var object) = try JSONDecoder().decode(JSONValue.self, from: data) {
            object["reason"] = nil
            for (key, value) in extra { object[key] = value }
            data = try JSONEncoder().encode(object)
        }
        var issues = fields.issues
        let policy: T?
        do {
            policy = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let found = issue(error)
            issues.add(found.field, found.message)
            policy = nil
        }
        try issues.throwIfAny()
        guard let policy, let reason else { throw FieldReaderFault() }
        return (policy, reason)
    }

    static func issue(_ error: DecodingError) -> FieldIssue {
        func path(_ keys: [any CodingKey]) -> String { keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/") }
        switch error {
        case .keyNotFound(let key, let context): return FieldIssue(field: path(context.codingPath + [key]), message: "Required.")
        case .typeMismatch(let type, let context): return FieldIssue(field: path(context.codingPath), message: "Expected \(type).")
        case .valueNotFound(_, let context): return FieldIssue(field: path(context.codingPath), message: "Must not be null.")
        case .dataCorrupted(let context): return FieldIssue(field: path(context.codingPath), message: "Not a valid value.")
        @unknown default: return FieldIssue(field: "body", message: "Not a valid policy.")
        }
    }
}

extension JSONValue: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
