internal import Hummingbird
internal import Domain
internal import Foundation

/// The principal social worker's pages: escalated fitness-to-practise
/// concerns awaiting acknowledgement and decision, the referral pack, and the
/// decision (which may be a referral to Social Work England).
struct EscalationPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("escalations", use: list)
        router.get("escalations/{escalationId}", use: one)
        router.post("escalations/{escalationId}", use: event)
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let session = viewer.session.secret
            let escalations = try await web.api.get("/v1/escalations", session: session, context: context)
            let rows = escalations["items"].array.map { item -> [String: Any] in
                let state = item["state"].string ?? ""
                return ["path": "/escalations/\((item["id"].string ?? "").pathSegment)",
                        "name": item["nqswName"].string ?? "NQSW",
                        "escalatedOn": item["escalatedOn"].string ?? "", "acknowledgeDue": item["acknowledgeDue"].string ?? "",
                        "state": StatusTag.make(item["acknowledgementOverdue"].bool ? "overdue" : state)]
            }
            return Page(template: "escalations", title: "Escalations", values: ["rows": rows])
        }
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await escalationPage(viewer, form: nil, context: context) }
    }

    private func escalationPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let id = (context.parameters.get("escalationId") ?? "").pathSegment
        let escalation = try await web.api.get("/v1/escalations/\(id)", session: viewer.session.secret, context: context)
        let pack = escalation["pack"]
        let state = escalation["state"].string ?? ""
        let chosenGrounds = Set(form?.all("referralGrounds") ?? [])
        let grounds: [(String, String)] = [
            ("misconduct", "Misconduct"), ("lack_of_competence", "Lack of competence or capability"),
            ("conviction_or_caution", "A conviction or caution"), ("adverse_health", "Adverse physical or mental health"),
            ("other_regulator_finding", "A finding by another regulator"), ("barring", "A barring decision"),
            ("english_language", "Not having the necessary knowledge of English"),
        ]
        let actions: [(String, String)] = [
            ("no_further_action", "No further action"), ("continue_support", "Continue support through the plan"),
            ("formal_procedure", "Start the employer's formal procedure"),
        ]
        let decision = escalation["decision"]
        return Page(template: "escalation", title: "Escalation: \(pack["nqsw"].string ?? "NQSW")", values: [
            "action": "/escalations/\(id)", "version": escalation["version"].int ?? 0,
            "state": StatusTag.make(state), "escalatedOn": escalation["escalatedOn"].string ?? "",
            "acknowledgeDue": escalation["acknowledgeDue"].string ?? "",
            "nqsw": pack["nqsw"].string ?? "", "assessor": pack["assessor"].string ?? "", "lineManager": pack["lineManager"].string ?? "",
            "startDate": pack["startDate"].string ?? "",
            "concern": [
                "category": pack["concern"]["category"].string ?? "", "description": pack["concern"]["description"].string ?? "",
                "raisedOn": pack["concern"]["raisedOn"].string ?? "", "severity": StatusTag.make(pack["concern"]["severity"].string ?? ""),
            ] as [String: Any],
            "reviews": pack["reviews"].array.map { ["milestone": $0["milestone"].int ?? 0, "heldOn": $0["heldOn"].string ?? "",
                                                    "status": StatusTag.make($0["status"].string ?? "")] as [String: Any] },
            "plans": pack["plans"].array.count, "sessionsHeld": pack["supervisionSessionsHeld"].int ?? 0,
            "missedIntervals": pack["supervisionMissedIntervals"].int ?? 0,
            "notes": escalation["notes"].array.compactMap { $0["text"].string },
            "canAcknowledge": state == "awaiting_acknowledgement", "canDecide": state == "acknowledged",
            "decided": decision == .null ? false : [
                "action": (decision["action"].string ?? "").replacingOccurrences(of: "_", with: " "),
                "reasons": decision["reasons"].string ?? "",
                "grounds": decision["referralGrounds"].array.compactMap(\.string).map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", "),
                "referredOn": decision["referredOn"].string ?? "",
            ] as [String: Any],
            "actions": actions.map { ["value": $0.0, "label": $0.1, "checked": form?["action"] == $0.0] as [String: Any] },
            "grounds": grounds.map { ["value": $0.0, "label": $0.1, "checked": chosenGrounds.contains($0.0)] as [String: Any] },
        ])
    }

    /// Acknowledge, add a note, or decide: one form per step, each under If-Match.
    @Sendable func event(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = (context.parameters.get("escalationId") ?? "").pathSegment
        return await web.action(request, context: context, perform: { viewer, form in
            var body: [String: JSONValue] = [:]
            for name in ["event", "text", "action", "reasons", "referredOn"] {
                if let value = form[name] { body[name] = .string(value) }
            }
            let grounds = form.all("referralGrounds")
            if !grounds.isEmpty { body["referralGrounds"] = .array(grounds.map(JSONValue.string)) }
            _ = try await web.api.call(.post, "/v1/escalations/\(id)/events", body: .object(body),
                                       ifMatch: form.ifMatch, session: viewer.session.secret, context: context)
            return "/escalations/\(id)?done=escalation-updated"
        }, showAgain: { viewer, form, _ in try await escalationPage(viewer, form: form, context: context) })
    }
}
