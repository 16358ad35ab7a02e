@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Workflows

/// A response as tests look at it: status, headers, parsed JSON.
struct APIResponse: Sendable {
    let status: Int
    let headers: HTTPFields
    let text: String
    let json: JSONValue?

    subscript(_ key: String) -> JSONValue? {
        guard case .object(let object) = json else { return nil }
        return object[key]
    }

    /// `json[key]` as a string.
    func string(_ key: String) -> String? {
        if case .string(let text) = self[key] { return text }
        return nil
    }

    /// The problem `type`'s last segment (`validation`, `not-found`, …).
    var problemKind: String? {
        string("type").map { String($0.split(separator: ":").last ?? "") }
    }

    /// The fields a validation problem names.
    var problemFields: [String] {
        guard case .array(let errors) = self["errors"] else { return [] }
        return errors.compactMap { error in
            if case .object(let object) = error, case .string(let field) = object["field"] { return field }
            return nil
        }
    }
}

extension TestClientProtocol {
    /// Sends a request through the real router and checks the response against
    /// the OpenAPI document: every documented status, content type and schema.
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, headers: HTTPFields = [:], body: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> APIResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        let response = try await execute(uri: path, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
        let text = String(buffer: response.body)
        let json = text.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let problems = OpenAPIContract.shared.check(
            method: method.rawValue, path: path, status: Int(response.status.code),
            contentType: response.headers[.contentType], body: response.headers[.contentType]?.contains("json") == true ? json : nil)
        for problem in problems { Issue.record("contract: \(problem)", sourceLocation: sourceLocation) }
        if let type = response.headers[.contentType], type.hasPrefix("application/problem+json") {
            #expect(json != nil, "a problem body must be JSON", sourceLocation: sourceLocation)
        }
        return APIResponse(status: Int(response.status.code), headers: response.headers, text: text, json: json)
    }
}

/// The application under test, over the shared test database.
func withQuorum<T: Sendable>(
    _ services: QuorumServices, _ body: @Sendable (any TestClientProtocol) async throws -> T
) async throws -> T {
    let (router, _) = QuorumApplication.router(services: services, templates: try TestEnvironment.templates.get(), accessLog: false)
    let app = Application(router: router)
    return try await app.test(.router, body)
}
