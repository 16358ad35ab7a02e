internal import Foundation
internal import Hummingbird
internal import Synchronization

/// Every API route Quorum serves, with its OpenAPI `operationId`.
///
/// Routes are registered through the table, so it is the one list that the
/// router, the 405 answer and the contract test all read: a route cannot be
/// served without the test comparing it with `openapi.yaml`.
public final class RouteTable: Sendable {
    /// One served operation.
    public struct Entry: Sendable, Hashable {
        public var method: String
        /// The path with `{parameter}` captures, as in the OpenAPI document.
        public var path: String
        public var operationID: String
    }

    private let storage = Mutex<[Entry]>([])

    public init() {}

    /// Everything registered so far.
    public var entries: [Entry] { storage.withLock { $0 } }

    /// Registers `handler` on `router` and records it.
    func add(
        _ router: Router<QuorumContext>, _ method: HTTPRequest.Method, _ path: String, operationID: String,
        _ handler: @escaping @Sendable (Request, QuorumContext) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        storage.withLock { $0.append(Entry(method: method.rawValue, path: path, operationID: operationID)) }
    }

    /// Like ``add(_:_:_:operationID:_:)`` for a group (which adds its middleware).
    func add(
        _ group: RouterGroup<QuorumContext>, prefix: String, _ method: HTTPRequest.Method, _ path: String, operationID: String,
        _ handler: @escaping @Sendable (Request, QuorumContext) async throws -> Response
    ) {
        group.on(RouterPath(path), method: method, use: handler)
        let full = path.isEmpty ? prefix : prefix + "/" + path
        storage.withLock { $0.append(Entry(method: method.rawValue, path: full, operationID: operationID)) }
    }

    /// The methods served at a concrete path (for 405 and `Allow`).
    func methods(matching path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return entries.filter { entry in
            let pattern = entry.path.split(separator: "/", omittingEmptySubsequences: true)
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map(\.method).sorted()
    }
}
