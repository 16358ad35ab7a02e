internal import Foundation
internal import Synchronization
internal import Workflows

/// Request counts and latency by route and status, kept in memory and
/// printed in Prometheus' text format at `/metrics`. Routes are the
/// registered patterns (`/v1/enrolments/{enrolmentId}`), never raw paths,
/// so the series stay few and hold no identifiers.
public final class RequestMetrics: Sendable {
    /// Latency bucket bounds in seconds.
    static let bounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct Key: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct Series {
        var count = 0
        var sum = 0.0
        var buckets = [Int](repeating: 0, count: RequestMetrics.bounds.count)
    }

    private let series = Mutex<[Key: Series]>([:])

    public init() {}

    /// Records one finished request.
    func record(method: String, route: String, status: Int, seconds: Double) {
        series.withLock { all in
            let key = Key(method: method, route: route, status: status)
            var entry = all[key] ?? Series()
            entry.count += 1
            entry.sum += seconds
            if let index = Self.bounds.firstIndex(where: { seconds <= $0 }) { entry.buckets[index] += 1 }
            all[key] = entry
        }
    }

    /// The exposition text, with the pool's gauges.
    func render(database pool: DatabaseStatistics?) -> String {
        let snapshot = series.withLock { $0 }
        var out = "# HELP quorum_http_requests_total Requests served, by route and status.\n"
        out += "# TYPE quorum_http_requests_total counter\n"
        let keys = snapshot.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for key in keys {
            out += "quorum_http_requests_total{\(labels(key))} \(snapshot[key]!.count)\n"
        }
        out += "# HELP quorum_http_request_duration_seconds Time to respond, by route and status.\n"
        out += "# TYPE quorum_http_request_duration_seconds histogram\n"
        for key in keys {
            let entry = snapshot[key]!
            var cumulative = 0
            for (index, bound) in Self.bounds.enumerated() {
                cumulative += entry.buckets[index]
                out += "quorum_http_request_duration_seconds_bucket{\(labels(key)),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "quorum_http_request_duration_seconds_bucket{\(labels(key)),le=\"+Inf\"} \(entry.count)\n"
            out += "quorum_http_request_duration_seconds_sum{\(labels(key))} \(entry.sum)\n"
            out += "quorum_http_request_duration_seconds_count{\(labels(key))} \(entry.count)\n"
        }
        if let pool {
            out += "# HELP quorum_db_pool_connections Database connections, by state.\n"
            out += "# TYPE quorum_db_pool_connections gauge\n"
            out += "quorum_db_pool_connections{state=\"open\"} \(pool.open)\n"
            out += "quorum_db_pool_connections{state=\"in_use\"} \(pool.inUse)\n"
            out += "# HELP quorum_db_pool_waiting Requests waiting for a database connection.\n"
            out += "# TYPE quorum_db_pool_waiting gauge\n"
            out += "quorum_db_pool_waiting \(pool.waiting)\n"
        }
        return out
    }

    private func labels(_ key: Key) -> String {
        "method=\"\(key.method)\",route=\"\(key.route)\",status=\"\(key.status)\""
    }
}
