internal import Foundation
internal import Domain
internal import Hummingbird

/// Reads a JSON object body field by field, collecting every issue.
///
/// Each accessor returns `nil` and records an issue when the field is
/// missing (if required), of the wrong type or out of range; ``finish()``
/// refuses fields the operation does not know (a typo must not be silently
/// ignored) and throws everything found as one 422.
struct JSONFields {
    private let object: [String: JSONValue]
    private var read: Set<String> = []
    private(set) var issues = FieldIssues()

    /// A reader over a nested object (an element of an array of objects).
    init(object: [String: JSONValue]) {
        self.object = object
    }

    /// An array of objects, each to be read with its own ``JSONFields``.
    mutating func objects(_ field: String, required: Bool = true, maxCount: Int = 20) -> [JSONFields]? {
        guard let value = value(field, required: required) else { return nil }
        guard case .array(let elements) = value else {
            issues.add(field, "Expected an array of objects, got \(value.typeName).")
            return nil
        }
        if elements.count > maxCount { issues.add(field, "At most \(maxCount) entries.") }
        var readers: [JSONFields] = []
        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else {
                issues.add("\(field)/\(index)", "Expected an object, got \(element.typeName).")
                return nil
            }
            readers.append(JSONFields(object: object))
        }
        return readers
    }

    /// Takes a nested reader's issues (and unknown fields) under `prefix`.
    mutating func absorb(_ nested: inout JSONFields, prefix: String) {
        for field in nested.object.keys.sorted() where !nested.read.contains(field) {
            nested.issues.add(field, "Not a field of this request.")
        }
        for issue in nested.issues.issues {
            issues.add("\(prefix)/\(issue.field)", issue.message)
        }
    }

    /// Parses `body`; malformed JSON or a non-object is a 400.
    init(_ body: ByteBuffer) throws {
        let data = Data(body.readableBytesView)
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw Problem.malformedJSON(data.isEmpty ? "The request needs a JSON object body." : "The body could not be parsed as JSON.")
        }
        guard case .object(let object) = value else {
            throw Problem.malformedJSON("The body must be a JSON object, not \(value.typeName).")
        }
        self.object = object
    }

    private mutating func value(_ field: String, required: Bool) -> JSONValue? {
        read.insert(field)
        guard let value = object[field], value != .null else {
            if required { issues.add(field, "Required.") }
            return nil
        }
        return value
    }

    mutating func string(_ field: String, required: Bool = true, maxLength: Int = 4000) -> String? {
        guard let value = value(field, required: required) else { return nil }
        guard case .string(let text) = value else {
            issues.add(field, "Expected a string, got \(value.typeName).")
            return nil
        }
        if text.count > maxLength { issues.add(field, "At most \(maxLength) characters.") }
        return text
    }

    mutating func id<Tag>(_ field: String, required: Bool = true, as: Identifier<Tag>.Type = Identifier<Tag>.self) -> Identifier<Tag>? {
        guard let text = string(field, required: required) else { return nil }
        guard let uuid = UUID(uuidString: text) else {
            issues.add(field, "Expected an id (a UUID).")
            return nil
        }
        return Identifier(uuid)
    }

    mutating func day(_ field: String, required: Bool = true) -> CalendarDay? {
        guard let text = string(field, required: required) else { return nil }
        guard let day = CalendarDay(iso: text) else {
            issues.add(field, "Expected a date as YYYY-MM-DD.")
            return nil
        }
        return day
    }

    /// An object of texts keyed by a choice (comments by criterion, say).
    mutating func texts<Key: RawRepresentable & CaseIterable & Hashable>(
        _ field: String, required: Bool = true, by: Key.Type, maxLength: Int = 8000
    ) -> [Key: String]? where Key.RawValue == String {
        guard let value = value(field, required: required) else { return nil }
        guard case .object(let entries) = value else {
            issues.add(field, "Expected an object, got \(value.typeName).")
            return nil
        }
        var result: [Key: String] = [:]
        for (name, entry) in entries {
            guard let key = Key(rawValue: name) else {
                issues.add("\(field)/\(name)", "Expected one of: \(Key.allCases.map(\.rawValue).joined(separator: ", ")).")
                continue
            }
            guard case .string(let text) = entry, text.count <= maxLength else {
                issues.add("\(field)/\(name)", "Expected text of at most \(maxLength) characters.")
                continue
            }
            result[key] = text
        }
        return result
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ field: String, required: Bool = true, as: Choice.Type) -> Choice? where Choice.RawValue == String {
        guard let text = string(field, required: required) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            issues.add(field, "Expected one of: \(Choice.allCases.map(\.rawValue).joined(separator: ", ")).")
            return nil
        }
        return choice
    }

    mutating func contractedTime(_ field: String, required: Bool = true) -> ContractedTime? {
        guard let value = value(field, required: required) else { return nil }
        guard case .number(let number) = value else {
            issues.add(field, "Expected a number, got \(value.typeName).")
            return nil
        }
        guard let time = ContractedTime(fraction: number) else {
            issues.add(field, "Expected a fraction of full time from 0.1 to 1 (for example 0.6), to three decimal places.")
            return nil
        }
        return time
    }

    mutating func bool(_ field: String, required: Bool = true) -> Bool? {
        guard let value = value(field, required: required) else { return nil }
        guard case .bool(let flag) = value else {
            issues.add(field, "Expected true or false, got \(value.typeName).")
            return nil
        }
        return flag
    }

    mutating func int(_ field: String, required: Bool = true, range: ClosedRange<Int>) -> Int? {
        guard let value = value(field, required: required) else { return nil }
        guard case .number(let number) = value, number.rounded() == number, let whole = Int(exactly: number) else {
            issues.add(field, "Expected a whole number, got \(value.typeName).")
            return nil
        }
        guard range.contains(whole) else {
            issues.add(field, "Expected a whole number from \(range.lowerBound) to \(range.upperBound).")
            return nil
        }
        return whole
    }

    mutating func strings(_ field: String, required: Bool = true, maxCount: Int = 50) -> [String]? {
        guard let value = value(field, required: required) else { return nil }
        guard case .array(let elements) = value else {
            issues.add(field, "Expected an array of strings, got \(value.typeName).")
            return nil
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                issues.add("\(field)/\(index)", "Expected a string, got \(element.typeName).")
                return nil
            }
            result.append(text)
        }
        if result.count > maxCount { issues.add(field, "At most \(maxCount) entries.") }
        return result
    }

    /// Records an issue found by the handler's own checks.
    mutating func add(_ field: String, _ message: String) {
        issues.add(field, message)
    }

    /// Refuses unknown fields and throws every issue found.
    mutating func finish() throws {
        for field in object.keys.sorted() where !read.contains(field) {
            issues.add(field, "Not a field of this request.")
        }
        try issues.throwIfAny()
    }

    /// Like ``finish()``, then hands back the required values read: once no
    /// issue was found, every one of them is there. (One that is not is a
    /// reader's bug — a required field read without recording its absence —
    /// and a 500, never a client's fault.)
    mutating func finish<each Value>(_ values: repeat (each Value)?) throws -> (repeat each Value) {
        try finish()
        return try (repeat Self.present(each values))
    }

    private static func present<Value>(_ value: Value?) throws -> Value {
        guard let value else { throw FieldReaderFault() }
        return value
    }
}

/// A required field came back empty although no issue was recorded for it.
struct FieldReaderFault: Error {}

extension Request {
    /// The body, at most `limit` bytes (413 beyond).
    func jsonFields(limit: Int) async throws -> JSONFields {
        let buffer = try await body.collect(upTo: limit)
        return try JSONFields(buffer)
    }

    /// The optional `signedOn` of a signature (today when the body is empty or leaves it out).
    func signedOn(limit: Int) async throws -> CalendarDay? {
        var fields = try await optionalJSONFields(limit: limit)
        let day = fields.day("signedOn", required: false)
        try fields.finish()
        return day
    }

    /// The body's fields, or none when the body is empty (a step whose fields are all optional).
    func optionalJSONFields(limit: Int) async throws -> JSONFields {
        let buffer = try await body.collect(upTo: limit)
        return buffer.readableBytes == 0 ? JSONFields(object: [:]) : try JSONFields(buffer)
    }
}
