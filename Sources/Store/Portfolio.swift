public import Domain
public import PQ

/// Everything the year's checks read about one enrolment: its record, the
/// framework versions it is pinned to, its clock and its evidence.
public struct Portfolio: Sendable {
    public var record: EnrolmentRecord
    public var frameworks: PinnedFrameworks
    public var clock: YearClock
    public var items: [EvidenceItem]
}

public enum PortfolioRepository {
    /// Loads the portfolio of an enrolment already read (and access-checked by the caller).
    public static func load(_ record: EnrolmentRecord, on connection: PQConnection) throws -> Portfolio {
        guard let frameworks = try FrameworkRepository.pinned(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID, on: connection) else {
            throw PQError.decoding("an enrolment pinned to frameworks that are not loaded")
        }
        return Portfolio(
            record: record, frameworks: frameworks, clock: try ClockRepository.clock(for: record.enrolment, on: connection),
            items: try EvidenceRepository.items(of: record.enrolment.id, organisation: record.enrolment.organisationID, on: connection))
    }
}
