@testable import App
import Foundation
import Testing
import Workflows

/// The OpenAPI document and the router describe the same API.
@Suite struct ContractTests {
    /// Every routed operation is documented with the same operationId, and every documented one is routed.
    @Test func routesAndDocument_match() async throws {
        let services = try await TestEnvironment.services()
        let (_, table) = QuorumApplication.router(services: services, templates: try TestEnvironment.templates.get(), accessLog: false)
        let routed = Set(table.entries.map { "\($0.method) \($0.path) \($0.operationID)" })
        let documented = Set(OpenAPIContract.shared.operations.map { "\($0.method) \($0.path) \($0.operationID)" })
        #expect(!routed.isEmpty)
        #expect(routed.subtracting(documented).sorted() == [], "routed but not documented")
        #expect(documented.subtracting(routed).sorted() == [], "documented but not routed")
    }

    /// An operation that reads query parameters answers a bad one with 422, so it must document 422
    /// (the long fuzz found one that did not).
    @Test func queryParameters_document422() {
        let contract = OpenAPIContract.shared
        for (path, item) in contract.paths {
            let common = item["parameters"] as? [Any] ?? []
            for (method, value) in item where method != "parameters" {
                guard let operation = value as? [String: Any] else { continue }
                let parameters = (common + (operation["parameters"] as? [Any] ?? [])).compactMap { entry -> [String: Any]? in
                    guard var resolved = entry as? [String: Any] else { return nil }
                    if let ref = resolved["$ref"] as? String { resolved = contract.resolve(ref) }
                    return resolved
                }
                guard parameters.contains(where: { $0["in"] as? String == "query" }) else { continue }
                #expect((operation["responses"] as? [String: Any])?["422"] != nil, "\(method) \(path) reads query parameters but does not document 422")
            }
        }
    }

    /// Every operation has an operationId, and every error status it lists is a problem+json response.
    @Test func document_errorsAreProblems() {
        let contract = OpenAPIContract.shared
        for (path, item) in contract.paths {
            for (method, value) in item {
                guard let operation = value as? [String: Any] else { continue }
                #expect((operation["operationId"] as? String)?.isEmpty == false, "\(method) \(path) has no operationId")
                for (status, response) in operation["responses"] as? [String: Any] ?? [:] where (Int(status) ?? 0) >= 400 {
                    var resolved = response as? [String: Any] ?? [:]
                    if let ref = resolved["$ref"] as? String { resolved = contract.resolve(ref) }
                    let content = resolved["content"] as? [String: Any] ?? [:]
                    #expect(content.keys.sorted() == ["application/problem+json"], "\(method) \(path) \(status)")
                }
            }
        }
    }
}
