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
    static func parse(_ text: String) -> [String?]? {
        var characters = Substring(text)
        guard characters.first == "{", characters.last == "}" else { return nil }
        characters = characters.dropFirst().dropLast()
        if characters.isEmpty { return [] }
        var elements: [String?] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        var escaped = false
        for character in characters {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
                wasQuoted = true
            } else if character == "," && !quoted {
                elements.append(!wasQuoted && current == "NULL" ? nil : current)
                current = ""
                wasQuoted = false
            } else if character == "{" && !quoted {
                return nil // multi-dimensional arrays are not supported
            } else {
                current.append(character)
            }
        }
        guard !quoted, !escaped else { return nil }
        elements.append(!wasQuoted && current == "NULL" ? nil : current)
        return elements
    }
}
