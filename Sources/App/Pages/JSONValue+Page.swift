internal import Foundation

/// Reading the API's replies when a page is built from them.
extension JSONValue {
    /// A member of an object (`.null` when absent), so lookups chain.
    subscript(_ key: String) -> JSONValue {
        if case .object(let members) = self { return members[key] ?? .null }
        return .null
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var int: Int? {
        if case .number(let number) = self, number == number.rounded() { return Int(number) }
        return nil
    }

    var bool: Bool {
        if case .bool(let flag) = self { return flag }
        return false
    }

    var array: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    /// The value as a template reads it: objects as dictionaries, whole numbers
    /// as integers (never `3.0`), and null as absent so sections skip it.
    var template: Any? {
        switch self {
        case .null: nil
        case .bool(let flag): flag
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? Int(number) : number
        case .string(let text): text
        case .array(let items): items.map { $0.template ?? "" }
        case .object(let members): members.compactMapValues(\.template)
        }
    }
}
