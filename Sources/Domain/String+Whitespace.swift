extension String {
    /// The string without leading and trailing spaces and newlines (no Foundation):
    /// a field of only spaces is as empty as no field.
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension String {
    /// Stored names with spaces for reading: "partly_meets" → "partly meets".
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
