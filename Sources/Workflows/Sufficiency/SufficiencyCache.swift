internal import Domain
internal import Synchronization

/// Sufficiency inputs and results already computed, keyed by everything they
/// depend on: the enrolment's version (start date, hours) and portfolio
/// revision — bumped by database triggers on every write to evidence,
/// judgements, mappings, absences, extensions, concerns, plans,
/// escalations, recommendations and reconciliations — and the policy
/// version; results also by the two dates. A hit is exactly what a fresh
/// load or check would give (but for a person's name changed since), so the
/// cache never needs invalidating; stale keys simply stop being asked for.
/// Bounded by weight, not count (a report for a large portfolio runs to tens
/// of kilobytes): when a map would pass its budget it starts again empty.
final class SufficiencyCache: Sendable {
    struct InputsKey: Hashable, Sendable {
        var enrolment: EnrolmentID
        var enrolmentVersion: Int
        var portfolioRevision: Int
        var policyVersion: Int
    }

    struct Key: Hashable, Sendable {
        var inputs: InputsKey
        var dates: CheckDates
        var proposedOutcome: RecommendedOutcome?
    }

    /// Results: 16 MB of JSON.
    static let resultsBudget = 16 << 20
    /// Inputs: evidence items across all cached years (a few hundred bytes to a few kilobytes each).
    static let inputsBudget = 40_000

    private let results = Mutex(Weighted<Key, EncodedSufficiency>(budget: resultsBudget))
    private let inputs = Mutex(Weighted<InputsKey, SufficiencyInputs>(budget: inputsBudget))

    func value(for key: Key) -> EncodedSufficiency? {
        results.withLock { $0.entries[key] }
    }

    func store(_ encoded: EncodedSufficiency, for key: Key) {
        let dropped = results.withLock { $0.store(encoded, for: key, weight: encoded.json.count) }
        _ = dropped  // released here, outside the lock
    }

    func inputs(for key: InputsKey) -> SufficiencyInputs? {
        inputs.withLock { $0.entries[key] }
    }

    func store(_ loaded: SufficiencyInputs, for key: InputsKey) {
        let dropped = inputs.withLock { $0.store(loaded, for: key, weight: loaded.items.count + 1) }
        _ = dropped  // released here, outside the lock
    }

    /// A map with a total weight; past its budget it starts again empty.
    struct Weighted<K: Hashable & Sendable, V: Sendable>: Sendable {
        let budget: Int
        private(set) var entries: [K: V] = [:]
        private var weight = 0

        init(budget: Int) {
            self.budget = budget
        }

        /// Stores `value`; returns the entries dropped to make room, for the
        /// caller to release after it lets go of the lock (freeing thousands
        /// of values inside it would stall every other request).
        mutating func store(_ value: V, for key: K, weight added: Int) -> [K: V] {
            guard added <= budget else { return [:] }
            var dropped: [K: V] = [:]
            if weight + added > budget {
                swap(&dropped, &entries)
                weight = 0
            }
            if entries.updateValue(value, forKey: key) == nil { weight += added }
            return dropped
        }
    }
}
