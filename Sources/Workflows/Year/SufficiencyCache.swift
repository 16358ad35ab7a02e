internal import Domain
internal import Synchronization

/// Sufficiency results already computed, keyed by everything they depend on:
/// the enrolment's version (start date, hours) and portfolio revision (evidence,
/// judgements, absences, extensions — bumped by database triggers), the policy
/// version and the as-of date. A hit is exactly what a fresh check would give,
/// so the cache never needs invalidating; stale keys simply stop being asked
/// for. Bounded: when full it starts again empty.
final class SufficiencyCache: Sendable {
    struct Key: Hashable, Sendable {
        var enrolment: EnrolmentID
        var enrolmentVersion: Int
        var portfolioRevision: Int
        var policyVersion: Int
        var asOf: CalendarDay
    }

    static let capacity = 10_000
    private let entries = Mutex<[Key: SufficiencyReport]>([:])

    func value(for key: Key) -> SufficiencyReport? {
        entries.withLock { $0[key] }
    }

    func store(_ report: SufficiencyReport, for key: Key) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = report
        }
    }
}
