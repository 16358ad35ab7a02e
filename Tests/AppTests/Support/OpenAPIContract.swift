import Domain
@testable import App
import Foundation
import Yams

/// The OpenAPI document, read with Yams, and a small JSON Schema checker for
/// the subset the document uses ($ref, type, enum, required, properties,
/// additionalProperties, items, format, minimum/maximum, maxLength).
struct OpenAPIContract: @unchecked Sendable { // a parsed YAML tree, never mutated after loading
    let document: [String: Any]

    static let shared: OpenAPIContract = {
        let text = String(decoding: QuorumApplication.openAPIDocument(), as: UTF8.self)
        let document = (try? Yams.load(yaml: text)) as? [String: Any] ?? [:]
        return OpenAPIContract(document: document)
    }()

    var paths: [String: [String: Any]] {
        (document["paths"] as? [String: Any] ?? [:]).compactMapValues { $0 as? [String: Any] }
    }

    /// Every documented (method, path, operationId).
    var operations: [(method: String, path: String, operationID: String)] {
        var result: [(String, String, String)] = []
        for (path, item) in paths {
            for method in ["get", "put", "post", "patch", "delete", "head", "options"] {
                if let operation = item[method] as? [String: Any] {
                    result.append((method.uppercased(), path, operation["operationId"] as? String ?? ""))
                }
            }
        }
        return result
    }

    /// The documented template a concrete path matches; as OpenAPI says, a
    /// literal segment wins over a parameter (`/panels/awaiting-relisting`
    /// before `/panels/{panelId}`).
    func template(for path: String) -> String? {
        let segments = path.split(separator: "?").first.map { $0.split(separator: "/") } ?? []
        return paths.keys.filter { template in
            let parts = template.split(separator: "/")
            return parts.count == segments.count && zip(parts, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        .max { $0.split(separator: "/").filter { !$0.hasPrefix("{") }.count < $1.split(separator: "/").filter { !$0.hasPrefix("{") }.count }
    }

    /// Problems with a response, or [] if it conforms.
    func check(method: String, path: String, status: Int, contentType: String?, body: JSONValue?) -> [String] {
        guard let template = template(for: path) else { return [] } // undocumented paths answer no-route problems
        guard let operation = paths[template]?[method.lowercased()] as? [String: Any] else {
            return status == 405 ? [] : ["\(method) \(template) is not documented but answered \(status)"]
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard var response = (responses[String(status)] ?? responses["default"]) as? [String: Any] else {
            return ["\(method) \(template): status \(status) is not documented"]
        }
        if let ref = response["$ref"] as? String { response = resolve(ref) }
        guard let content = response["content"] as? [String: Any] else {
            return body == nil ? [] : ["\(method) \(template) \(status): documented without a body but sent one"]
        }
        let mediaType = contentType?.split(separator: ";").first.map(String.init) ?? ""
        guard let media = content[mediaType] as? [String: Any] else {
            return ["\(method) \(template) \(status): content type \(mediaType) is not documented (\(content.keys.sorted()))"]
        }
        guard let schema = media["schema"] as? [String: Any], let body else { return [] }
        return validate(body, against: schema, at: "\(method) \(template) \(status) body")
    }

    func resolve(_ ref: String) -> [String: Any] {
        var node: Any = document
        for part in ref.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(part)] ?? [:]
        }
        return node as? [String: Any] ?? [:]
    }

    func validate(_ value: JSONValue, against schema: [String: Any], at location: String) -> [String] {
        if let ref = schema["$ref"] as? String { return validate(value, against: resolve(ref), at: location) }
        var problems: [String] = []
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }) {
            let matches = types.contains { type in
                switch (type, value) {
                case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number): true
                case ("integer", .number(let n)): n.rounded() == n
                default: false
                }
            }
            if !matches { return ["\(location): expected \(types.joined(separator: "|")), got \(value.typeName)"] }
        }
        if let options = schema["enum"] as? [Any], case .string(let text) = value, !options.contains(where: { ($0 as? String) == text }) {
            problems.append("\(location): \(text) is not one of \(options)")
        }
        switch value {
        case .string(let text):
            switch schema["format"] as? String {
            case "uuid": if UUID(uuidString: text) == nil || text != text.lowercased() { problems.append("\(location): not a lower-case uuid") }
            case "date": if CalendarDay(iso: text) == nil { problems.append("\(location): not a date") }
            case "date-time": if text.count < 20 || !text.contains("T") { problems.append("\(location): not a date-time") }
            default: break
            }
            if let max = schema["maxLength"] as? Int, text.count > max { problems.append("\(location): longer than \(max)") }
        case .number(let number):
            if let min = (schema["minimum"] as? Double) ?? (schema["minimum"] as? Int).map(Double.init), number < min { problems.append("\(location): below \(min)") }
            if let max = (schema["maximum"] as? Double) ?? (schema["maximum"] as? Int).map(Double.init), number > max { problems.append("\(location): above \(max)") }
        case .array(let items):
            if let itemSchema = schema["items"] as? [String: Any] {
                for (index, item) in items.enumerated() { problems += validate(item, against: itemSchema, at: "\(location)[\(index)]") }
            }
        case .object(let object):
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(location): missing required \(key)")
            }
            for (key, member) in object {
                if let propertySchema = properties[key] as? [String: Any] {
                    problems += validate(member, against: propertySchema, at: "\(location).\(key)")
                } else if !properties.isEmpty {
                    problems.append("\(location): undocumented property \(key)")
                }
            }
        case .null, .bool:
            break
        }
        return problems
    }
}
