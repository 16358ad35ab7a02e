internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows
internal import Foundation

/// The organisation's policies: read by anyone in it, changed (as a new version) by coordinators.
struct PolicyRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "policies", operationID: "getPolicies", current)
        table.add(group, prefix: prefix, .post, "policies/sufficiency", operationID: "setSufficiencyPolicy", setSufficiency)
        table.add(group, prefix: prefix, .post, "policies/supervision", operationID: "setSupervisionPolicy", setSupervision)
        table.add(group, prefix: prefix, .post, "policies/panel", operationID: "setPanelPolicy", setPanel)
        table.add(group, prefix: prefix, .post, "policies/year", operationID: "setYearPolicy", setYear)
    }

    struct PoliciesBody: Encodable, Sendable {
        var sufficiency: SufficiencyPolicy
        var supervisionVersion: Int
        var supervision: SupervisionPolicy
        var panelVersion: Int
        var panel: PanelPolicy
        var yearVersion: Int
        var year: YearPolicy
    }

    @Sendable func current(_ request: Request, context: QuorumContext) async throws -> Response {
        let policies = try await services.run(GetPolicies(), context)
        return try JSONResponse.make(PoliciesBody(sufficiency: policies.sufficiency, supervisionVersion: policies.supervision.version,
                                                  supervision: policies.supervision.policy, panelVersion: policies.panel.version, panel: policies.panel.policy,
                                                  yearVersion: policies.year.version, year: policies.year.policy))
    }

    /// The sufficiency policy carries its version inside it: the reply is the policy as stored.
    @Sendable func setSufficiency(_ request: Request, context: QuorumContext) async throws -> Response {
        let (policy, reason): (SufficiencyPolicy, String) = try await PolicyBody.decode(request, context: context, setting: ["version": .number(0)])
        let stored = try await services.run(SetPolicy(policy, reason: reason), context)
        var reply = stored.policy
        reply.version = stored.version
        return try JSONResponse.make(reply, status: .created)
    }

    @Sendable func setSupervision(_ request: Request, context: QuorumContext) async throws -> Response {
        let (policy, reason): (SupervisionPolicy, String) = try await PolicyBody.decode(request, context: context, setting: [:])
        return try JSONResponse.make(try await services.run(SetPolicy(policy, reason: reason), context), status: .created)
    }

    @Sendable func setPanel(_ request: Request, context: QuorumContext) async throws -> Response {
        let (policy, reason): (PanelPolicy, String) = try await PolicyBody.decode(request, context: context, setting: [:])
        return try JSONResponse.make(try await services.run(SetPolicy(policy, reason: reason), context), status: .created)
    }

    @Sendable func setYear(_ request: Request, context: QuorumContext) async throws -> Response {
        let (policy, reason): (YearPolicy, String) = try await PolicyBody.decode(request, context: context, setting: [:])
        return try JSONResponse.make(try await services.run(SetPolicy(policy, reason: reason), context), status: .created)
    }
}
