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

    /// The `If-Match` for the version the page showed (its hidden `version`
    /// field): a form sent from a page someone else has since changed is 412.
    var ifMatch: String {
        ETag.make(Int(self["version"] ?? "") ?? 0)
    }

    /// The values as the template sees them when a form is shown again after an error.
    var values: [String: String] {
        var result: [String: String] = [:]
        for pair in pairs where result[pair.name] == nil { result[pair.name] = pair.value }
        return result
    }
}
