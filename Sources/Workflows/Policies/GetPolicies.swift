public import Domain
internal import Store

/// The organisation's current policies: sufficiency thresholds, the
/// supervision rhythm, panel rules and the year's clock. Anyone in the organisation reads them.
public struct GetPolicies: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> Policies {
        let supervision = try PolicyRepository.supervision(for: context.organisation, on: context.connection)
        let panel = try PolicyRepository.panel(for: context.organisation, on: context.connection)
        let year = try PolicyRepository.year(for: context.organisation, on: context.connection)
        return Policies(sufficiency: try PolicyRepository.current(for: context.organisation, on: context.connection),
                        supervision: Versioned(version: supervision.version, policy: supervision.policy),
                        panel: Versioned(version: panel.version, policy: panel.policy),
                        year: Versioned(version: year.version, policy: year.policy))
    }
}

/// The four policies in force.
public struct Policies: Sendable {
    public var sufficiency: SufficiencyPolicy
    public var supervision: Versioned<SupervisionPolicy>
    public var panel: Versioned<PanelPolicy>
    public var year: Versioned<YearPolicy>
}

/// A policy and the version it is stored as (0: the national default).
public struct Versioned<Policy: Sendable & Encodable>: Sendable, Encodable {
    public var version: Int
    public var policy: Policy
}
