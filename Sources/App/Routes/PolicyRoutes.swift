internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// The organisation's policies: read by anyone in it, changed (as a new version) by coordinators.
struct PolicyRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "policies", operationID: "getPolicies", current)
        table.add(group, prefix: prefix, .post, "policies/sufficiency", operationID: "setSufficiencyPolicy", setSufficiency)
        table.add(group, prefix: prefix, .post, "policies/supervision", operationID: "setSupervisionPolicy", setSupervision)
        table.add(group, prefix: prefix, .post, "policies/panel", operationID: "setPanelPolicy", setPanel)
    }

    struct PoliciesBody: Encodable, Sendable {
        var sufficiency: SufficiencyPolicy
        var supervisionVersion: Int
        var supervision: SupervisionPolicy
        var panelVersion: Int
        var panel: PanelPolicy
    }

    @Sendable func current(_ request: Request, context: QuorumContext) async throws -> Response {
        let body = try await services.read(context) { connection, caller in
            let supervision = try PolicyRepository.supervision(for: caller.organisationID, on: connection)
            let panel = try PolicyRepository.panel(for: caller.organisationID, on: connection)
            return PoliciesBody(sufficiency: try PolicyRepository.current(for: caller.organisationID, on: connection),
                                supervisionVersion: supervision.version, supervision: supervision.policy, panelVersion: panel.version, panel: panel.policy)
        }
        return try JSONResponse.make(body)
    }

    @Sendable func setSufficiency(_ request: Request, context: QuorumContext) async throws -> Response {
        var policy: SufficiencyPolicy = try await Self.decode(request, context: context, setting: ["version": .number(0)])
        try policy.validate()
        let stored = policy
        let version = try await store(.sufficiency, policy: stored, context: context)
        policy.version = version
        return try JSONResponse.make(policy, status: .created)
    }

    @Sendable func setSupervision(_ request: Request, context: QuorumContext) async throws -> Response {
        let policy: SupervisionPolicy = try await Self.decode(request, context: context, setting: [:])
        try policy.validate()
        let version = try await store(.supervision, policy: policy, context: context)
        return try JSONResponse.make(PoliciesBody.SupervisionVersion(version: version, policy: policy), status: .created)
    }

    @Sendable func setPanel(_ request: Request, context: QuorumContext) async throws -> Response {
        let policy: PanelPolicy = try await Self.decode(request, context: context, setting: [:])
        try policy.validate()
        let version = try await store(.panel, policy: policy, context: context)
        return try JSONResponse.make(PanelPolicyVersion(version: version, policy: policy), status: .created)
    }

    struct PanelPolicyVersion: Encodable, Sendable {
        var version: Int
        var policy: PanelPolicy
    }

    private func store(_ kind: PolicyRepository.Kind, policy: some Encodable & Sendable, context: QuorumContext) async throws -> Int {
        let json = String(decoding: try JSONEncoder.quorum.encode(policy), as: UTF8.self)
        return try await services.write(context) { connection, caller, requestID in
            guard caller.holds(.coordinator) else { throw Problem.forbidden("Policies are set by ASYE coordinators.") }
            let actor = Actor(personID: caller.personID, role: Role.coordinator.rawValue, requestID: requestID)
            return try PolicyRepository.addVersion(kind, json: json, organisation: caller.organisationID, actor: actor, on: connection)
        }
    }

    /// Decodes a whole policy, naming the field at fault in a 422.
    static func decode<T: Decodable>(_ request: Request, context: QuorumContext, setting extra: [String: JSONValue]) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        _ = try JSONFields(buffer) // a JSON object, or 400
        var data = Data(buffer.readableBytesView)
        if !extra.isEmpty, case .object(var object) = try JSONDecoder().decode(JSONValue.self, from: data) {
            for (key, value) in extra { object[key] = value }
            data = try JSONEncoder().encode(object)
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Problem.validation([Self.issue(error)])
        }
    }

    static func issue(_ error: DecodingError) -> FieldIssue {
        func path(_ keys: [any CodingKey]) -> String { keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/") }
        switch error {
        case .keyNotFound(let key, let context): return FieldIssue(field: path(context.codingPath + [key]), message: "Required.")
        case .typeMismatch(let type, let context): return FieldIssue(field: path(context.codingPath), message: "Expected \(type).")
        case .valueNotFound(_, let context): return FieldIssue(field: path(context.codingPath), message: "Must not be null.")
        case .dataCorrupted(let context): return FieldIssue(field: path(context.codingPath), message: "Not a valid value.")
        @unknown default: return FieldIssue(field: "body", message: "Not a valid policy.")
        }
    }
}

extension PolicyRoutes.PoliciesBody {
    struct SupervisionVersion: Encodable, Sendable {
        var version: Int
        var policy: SupervisionPolicy
    }
}

extension JSONValue: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
