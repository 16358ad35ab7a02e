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
/// Bounded: when full a map starts again empty.
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

    static let capacity = 10_000
    /// Loaded inputs are larger (a whole portfolio), so fewer are kept.
    static let inputsCapacity = 500
    private let results = Mutex<[Key: SufficiencyReport]>([:])
    private let inputs = Mutex<[InputsKey: SufficiencyInputs]>([:])

    func value(for key: Key) -> SufficiencyReport? {
        results.withLock { $0[key] }
    }

    func store(_ report: SufficiencyReport, for key: Key) {
        results.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = report
        }
    }

    func inputs(for key: InputsKey) -> SufficiencyInputs? {
        inputs.withLock { $0[key] }
    }

    func store(_ loaded: SufficiencyInputs, for key: InputsKey) {
        inputs.withLock { entries in
            if entries.count >= Self.inputsCapacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = loaded
        }
    }
}
