/// Why a use case will not do what was asked, in words a person can act on.
///
/// The HTTP layer maps each code to one status (``Code``'s documentation says
/// which); `kind` is the stable name a client switches on. Field-level
/// problems are `ValidationFailure`s instead, and database faults `PQError`s.
public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// No caller, or the credential is unknown, expired or revoked (401).
        case unauthenticated
        /// The caller may see the record but not do this to it (403).
        case forbidden
        /// No such record, or not theirs to see: the two are not told apart (404).
        case notFound
        /// The record's state does not allow it (409).
        case conflict
        /// Someone changed the record first; `currentVersion` says what it is now (412).
        case stale
    }

    public var code: Code
    /// A stable name for what was refused (`recommendation-amended`); for a
    /// conflict it becomes the problem type.
    public var kind: String
    /// One sentence about this occurrence.
    public var detail: String
    /// For ``Code/stale``: the record's version now.
    public var currentVersion: Int?

    public init(_ code: Code, kind: String, detail: String, currentVersion: Int? = nil) {
        self.code = code
        self.kind = kind
        self.detail = detail
        self.currentVersion = currentVersion
    }

    public var description: String { detail }

    public static func unauthenticated(_ detail: String) -> Refusal {
        Refusal(.unauthenticated, kind: "unauthenticated", detail: detail)
    }

    public static func forbidden(_ detail: String) -> Refusal {
        Refusal(.forbidden, kind: "forbidden", detail: detail)
    }

    /// `what` names the record: "There is no \(what) here, or it is not yours to see."
    public static func notFound(_ what: String) -> Refusal {
        Refusal(.notFound, kind: "not-found", detail: "There is no \(what) here, or it is not yours to see.")
    }

    public static func conflict(_ detail: String, kind: String = "conflict") -> Refusal {
        Refusal(.conflict, kind: kind, detail: detail)
    }

    public static func stale(current: Int) -> Refusal {
        Refusal(.stale, kind: "stale-version", detail: "The record is now at version \(current); fetch it again and reapply your change.",
                currentVersion: current)
    }
}

extension Refusal {
    /// Throws ``forbidden(_:)`` unless `allowed`: the one shape every access check ends in.
    static func require(_ allowed: Bool, _ detail: @autoclosure () -> String) throws(Refusal) {
        if !allowed { throw .forbidden(detail()) }
    }

    /// Throws ``stale(current:)`` unless the record is still at the version the caller read.
    /// `expected` nil means the caller sent no `If-Match` where none is required.
    static func requireVersion(_ expected: Int?, current: Int) throws(Refusal) {
        if let expected, expected != current { throw .stale(current: current) }
    }
}
