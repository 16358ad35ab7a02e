internal import Hummingbird
internal import Foundation
internal import Domain

/// Strong entity tags over a record's version, and `If-Match` parsing.
enum ETag {
    /// `"v3"` for version 3.
    static func make(_ version: Int) -> String {
        "\"v\(version)\""
    }

    /// The version an `If-Match` header names. Missing → 428; malformed → 400;
    /// `*` matches any version (returns `nil`).
    static func requiredVersion(_ request: Request) throws -> Int? {
        guard request.headers[.ifMatch] != nil else { throw Problem.preconditionRequired() }
        return try optionalVersion(request)
    }

    /// The version an `If-Match` header names, if there is one. Transitions
    /// that happen once only (verifying, signing, reporting) cannot lose an
    /// update, so they do not require the header; they still honour it.
    static func optionalVersion(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let value = header.trimmingCharacters(in: .whitespaces)
        if value == "*" { return nil }
        var text = Substring(value)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        guard text.hasPrefix("\"v"), text.hasSuffix("\""), let version = Int(text.dropFirst(2).dropLast()), version > 0 else {
            throw Problem(.badRequest, kind: "bad-if-match", title: "If-Match is not an ETag of this record",
                          detail: "Send the ETag header from your last read, for example \"v3\".",
                          errors: [.init(field: "If-Match", message: "Expected an ETag like \"v3\".")])
        }
        return version
    }
}
