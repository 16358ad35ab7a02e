internal import Foundation
public import Domain
public import Store

/// A coordinator sets a new version of one of the organisation's policies,
/// saying why; old versions stay, so a result can say which version it ran
/// under, and the history shows who changed which setting, when and why.
public struct SetPolicy<Policy: PolicyDocument>: TransactionalUseCase {
    public var policy: Policy
    public var reason: String

    public init(_ policy: Policy, reason: String) {
        self.policy = policy
        self.reason = reason
    }

    public func run(in context: UseCaseContext) throws -> Versioned<Policy> {
        try Refusal.require(context.caller.holds(.coordinator), "Policies are set by ASYE coordinators.")
        try policy.validate()
        if reason.trimmingWhitespace().isEmpty { throw ValidationFailure(field: "reason", message: "Say why the policy changes.") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(policy), as: UTF8.self)
        let version = try PolicyRepository.addVersion(Policy.kind, json: json, reason: reason, organisation: context.organisation,
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
