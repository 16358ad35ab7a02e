public import Domain
public import PQ
internal import Synchronization

/// Framework versions: read-only reference data loaded by migrations.
public enum FrameworkRepository {
    /// Every version with its statements, KSS first, then by id.
    public static func all(on connection: PQConnection) throws -> [Framework] {
        try frameworks(from: connection.query(allQueries[0]), statements: connection.query(allQueries[1]))
    }

    /// The two statements that read every version, to pipeline with others.
    public static let allQueries: [PQQuery] = [
        "SELECT id, kind, setting, version, title FROM frameworks ORDER BY kind DESC, id",
        "SELECT framework_id, code, number, title FROM framework_statements ORDER BY framework_id, number",
    ]

    /// The versions from ``allQueries``' results.
    public static func frameworks(from frameworks: PQResult, statements: PQResult) throws -> [Framework] {
        var byFramework: [String: [FrameworkStatement]] = [:]
        for row in statements {
            byFramework[try row.decode(at: 0), default: []].append(
                FrameworkStatement(code: try row.decode(at: 1), number: try row.decode(at: 2), title: try row.decode(at: 3)))
        }
        return try frameworks.map { row in
            let id: String = try row.decode(at: 0)
            return Framework(
                id: id, kind: try row.decode(at: 1), setting: try row.decode(at: 2),
                version: try row.decode(at: 3), title: try row.decode(at: 4), statements: byFramework[id] ?? [])
        }
    }

    /// Framework versions never change once loaded (the app role cannot write
    /// them; a new version is a new id), so they are cached in process; an id
    /// not yet seen reloads the cache, which picks up versions migrated since.
    private static let cache = Mutex<[String: Framework]>([:])

    /// The two versions an enrolment is pinned to.
    public static func pinned(for enrolment: EnrolmentID, on connection: PQConnection) throws -> PinnedFrameworks? {
        guard let row = try connection.query(
            "SELECT kss_framework_id, pcf_framework_id FROM enrolments WHERE id = \(enrolment)").first
        else { return nil }
        return try pinned(kss: try row.decode(at: 0), pcf: try row.decode(at: 1), on: connection)
    }

    /// The pinned pair by id, from the cache when possible.
    public static func pinned(kss kssID: String, pcf pcfID: String, on connection: PQConnection) throws -> PinnedFrameworks? {
        if let pair = cached(kss: kssID, pcf: pcfID) { return pair }
        return remember(try all(on: connection), kss: kssID, pcf: pcfID)
    }

    /// The pinned pair if both versions are already cached.
    public static func cached(kss kssID: String, pcf pcfID: String) -> PinnedFrameworks? {
        cache.withLock { cached in cached[kssID].flatMap { kss in cached[pcfID].map { PinnedFrameworks(kss: kss, pcf: $0) } } }
    }

    /// Caches freshly loaded versions and picks the pinned pair from them.
    public static func remember(_ loaded: [Framework], kss kssID: String, pcf pcfID: String) -> PinnedFrameworks? {
        cache.withLock { cached in for framework in loaded { cached[framework.id] = framework } }
        guard let kss = loaded.first(where: { $0.id == kssID }), let pcf = loaded.first(where: { $0.id == pcfID }) else { return nil }
        return PinnedFrameworks(kss: kss, pcf: pcf)
    }
}
