internal import Foundation
public import Domain
public import Store

/// A coordinator sets a new version of one of the organisation's policies;
/// old versions stay, so a result can say which version it ran under.
public struct SetPolicy<Policy: PolicyDocument>: TransactionalUseCase {
    public var policy: Policy

    public init(_ policy: Policy) {
        self.policy = policy
    }

    public func run(in context: UseCaseContext) throws -> Versioned<Policy> {
        try Refusal.require(context.caller.holds(.coordinator), "Policies are set by ASYE coordinators.")
        try policy.validate()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(policy), as: UTF8.self)
        let version = try PolicyRepository.addVersion(Policy.kind, json: json, organisation: context.organisation,
                                                      actor: context.actor(.coordinator), on: context.connection)
        return Versioned(version: version, policy: policy)
    }
}

/// A policy kept as versioned JSON per organisation.
public protocol PolicyDocument: Codable, Sendable {
    static var kind: PolicyRepository.Kind { get }
    func validate() throws(ValidationFailure)
}

extension SufficiencyPolicy: PolicyDocument {
    public static var kind: PolicyRepository.Kind { .sufficiency }
}

extension SupervisionPolicy: PolicyDocument {
    public static var kind: PolicyRepository.Kind { .supervision }
}

extension PanelPolicy: PolicyDocument {
    public static var kind: PolicyRepository.Kind { .panel }
}

extension YearPolicy: PolicyDocument {
    public static var kind: PolicyRepository.Kind { .year }
}
