/// PostgreSQL's one-dimensional array literal: `{a,"b c",NULL}`.
enum PQArrayLiteral {
    /// Quotes an element when the array syntax needs it.
    static func quote(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.uppercased() == "NULL"
            || text.contains(where: { "{},\"\\ \t\n\r".contains($0) })
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        quoted.append("\"")
        return quoted
    }

    /// Splits a one-dimensional array literal into elements; `nil` elements are NULL.
    /// Works on UTF-8 bytes: the syntax characters are all ASCII.
    static func parse(_ text: String) -> [String?]? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> [String?]? {
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
        if bytes.count == 2 { return [] }
        var elements: [String?] = []
        var current: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var escaped = false
        func finish() {
            let isNull = !wasQuoted && current == Array("NULL".utf8)
            elements.append(isNull ? nil : String(decoding: current, as: UTF8.self))
            current.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        for byte in bytes[1..<(bytes.count - 1)] {
            if escaped {
                current.append(byte)
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                quoted.toggle()
                wasQuoted = true
            } else if byte == UInt8(ascii: ",") && !quoted {
                finish()
            } else if byte == UInt8(ascii: "{") && !quoted {
                return nil // multi-dimensional arrays are not supported
            } else {
                current.append(byte)
            }
        }
        guard !quoted, !escaped else { return nil }
        finish()
        return elements
    }
}
