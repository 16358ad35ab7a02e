internal import Foundation

/// An `application/x-www-form-urlencoded` body: what a browser sends from a
/// page's form. Names may repeat (checkboxes), so values are kept in order.
struct FormBody: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init(pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    /// Parses the body; `+` is a space and `%XX` a byte, as browsers encode them.
    /// Malformed escapes are kept as typed rather than refusing the whole form.
    init(_ text: String) {
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(halves[0])
            let value = halves.count > 1 ? Self.decode(halves[1]) : ""
            pairs.append((name, value))
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value for `name`, trimmed; nil when absent or blank.
    subscript(_ name: String) -> String? {
        guard let value = pairs.first(where: { $0.name == name })?.value.trimmingCharacters(in: .whitespacesAndNewlines),
              !value.isEmpty else { return nil }
        return value
    }

    /// Every non-blank value for `name` (a group of checkboxes).
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map { $0.value.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The version of the record the page showed (its hidden `version`
    /// field), as an API client's `If-Match` would carry it: a form sent from
    /// a page someone else has since changed is refused as stale. No record
    /// is at version 0, so a form without it is always stale.
    var expectedVersion: Int {
        Int(self["version"] ?? "") ?? 0
    }

    /// The values as the template sees them when a form is shown again after an error.
    var values: [String: String] {
        var result: [String: String] = [:]
        for pair in pairs where result[pair.name] == nil { result[pair.name] = pair.value }
        return result
    }
}

extension FormBody {
    /// The form as the JSON object the same fields would have in an API
    /// request, so a page parses it with the API's own parser: the same
    /// checks, the same field names in the problem. Blank answers are left
    /// out (they are missing); `numbers` that are not whole numbers stay text,
    /// so the parser names them.
    func json(strings: [String] = [], dates: [String] = [], numbers: [String] = [], lists: [String] = [], flags: [String: String] = [:],
              extra: [String: JSONValue] = [:]) -> JSONFields {
        var object = extra
        for name in strings { if let value = self[name] { object[name] = .string(value) } }
        for name in dates { if let value = date(name) { object[name] = .string(value) } }
        for name in numbers { if let value = self[name] { object[name] = Int(value).map { .number(Double($0)) } ?? .string(value) } }
        for name in lists where !all(name).isEmpty { object[name] = .array(all(name).map(JSONValue.string)) }
        for (name, checked) in flags where self[name] == checked { object[name] = .bool(true) }
        return JSONFields(object: object)
    }
}
