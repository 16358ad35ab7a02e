@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Workflows

/// A page as tests look at it: status, headers, HTML.
struct PageResponse: Sendable {
    let status: Int
    let headers: HTTPFields
    let html: String

    var location: String? { headers[.location] }

    /// The text of the page's `<h1>`.
    var heading: String? {
        guard let start = html.range(of: "<h1"), let open = html[start.upperBound...].firstIndex(of: ">"),
              let end = html[open...].range(of: "</h1>") else { return nil }
        return String(html[html.index(after: open)..<end.lowerBound])
    }

    /// The session cookie a sign-in set.
    var sessionCookie: String? {
        headers[values: .setCookie].first { $0.hasPrefix("quorum_session=") }.map { String($0.prefix { $0 != ";" }) }
    }

    /// The form token the page carries (every signed-in page has one, for signing out).
    var csrf: String? {
        guard let marker = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[marker.upperBound...].prefix { $0 != "\"" })
    }
}

extension TestClientProtocol {
    /// Requests a page through the real router, as a browser would.
    func page(_ path: String, cookie: String? = nil, headers: HTTPFields = [:]) async throws -> PageResponse {
        try await page(.get, path, cookie: cookie, headers: headers)
    }

    /// Sends a form (or any method) to a page path.
    func page(_ method: HTTPRequest.Method, _ path: String, cookie: String? = nil, form: [(String, String)]? = nil,
              headers extra: HTTPFields = [:]) async throws -> PageResponse {
        var headers = extra
        if let cookie { headers[.cookie] = cookie }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            body = ByteBuffer(string: form.map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }.joined(separator: "&"))
        }
        let response = try await execute(uri: path, method: method, headers: headers, body: body)
        return PageResponse(status: Int(response.status.code), headers: response.headers, html: String(buffer: response.body))
    }

    /// Signs in with a token and returns the session cookie.
    func signIn(_ token: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let response = try await page(.post, "/sign-in", form: [("token", token)])
        #expect(response.status == 303, sourceLocation: sourceLocation)
        return try #require(response.sessionCookie, sourceLocation: sourceLocation)
    }

    /// A page's form token, read from the page itself.
    func csrf(_ cookie: String, from path: String = "/", sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        var response = try await page(path, cookie: cookie)
        if response.status == 303, let next = response.location { response = try await page(next, cookie: cookie) }
        return try #require(response.csrf, sourceLocation: sourceLocation)
    }
}
