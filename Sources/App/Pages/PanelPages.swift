internal import Hummingbird
internal import Domain
internal import Foundation

/// Panels for coordinators (schedule, allocate cases) and for members and
/// chairs (the agenda, a case pack, recording and signing a decision).
struct PanelPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("panels", use: list)
        router.get("panels/new", use: newPanel)
        router.post("panels/new", use: schedule)
        router.get("panels/{panelId}", use: panel)
        router.post("panels/{panelId}/cases", use: allocate)
        router.post("panels/{panelId}/open", use: open)
        router.post("panels/{panelId}/close", use: close)
        router.get("panels/{panelId}/cases/{caseId}", use: casePage)
        router.post("panels/{panelId}/cases/{caseId}/decision", use: decide)
        router.post("panels/{panelId}/cases/{caseId}/signature", use: sign)
        router.post("panels/{panelId}/cases/{caseId}/conflict", use: declareConflict)
    }

    // MARK: - Listing and scheduling

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let panels = try await web.api.get("/v1/panels", session: viewer.session.secret, context: context)
            let rows = panels["items"].array.map { panel -> [String: Any] in
                let chair = panel["members"].array.first { $0["chair"].bool }?["name"].string ?? ""
                return ["path": "/panels/\((panel["id"].string ?? "").pathSegment)", "sitsOn": panel["sitsOn"].string ?? "",
                        "time": "\(panel["startsAt"].string ?? "")–\(panel["endsAt"].string ?? "")", "location": panel["location"].string ?? "",
                        "chair": chair, "cases": panel["cases"].array.count, "capacity": panel["capacity"].int ?? 0,
                        "state": StatusTag.make(panel["state"].string ?? "")]
            }
            return Page(template: "panels", title: viewer.roles.contains(.coordinator) ? "Panels" : "My panels",
                        values: ["rows": rows, "canSchedule": viewer.roles.contains(.coordinator)])
        }
    }

    @Sendable func newPanel(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await scheduleForm(viewer, form: nil, context: context) }
    }

    /// The form lists the organisation's panel members for chair and members.
    private func scheduleForm(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let people = try await web.api.get("/v1/people", session: viewer.session.secret, context: context)
        let chosenMembers = Set(form?.all("memberIds") ?? [])
        let candidates = people["items"].array.filter { $0["roles"].array.contains { $0.string == "panel_member" } }
        return Page(template: "panel-new", title: "Schedule a panel", values: [
            "chairs": candidates.map { person -> [String: Any] in
                let id = person["id"].string ?? ""
                return ["id": id, "name": person["name"].string ?? "", "selected": form?["chairId"] == id]
            },
            "members": candidates.enumerated().map { index, person -> [String: Any] in
                let id = person["id"].string ?? ""
                return ["id": id, "name": person["name"].string ?? "", "checked": chosenMembers.contains(id), "index": index]
            },
        ])
    }

    @Sendable func schedule(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            var body: [String: JSONValue] = [
                "memberIds": .array(form.all("memberIds").map(JSONValue.string)), "schedule": .bool(true),
            ]
            for name in ["sitsOn", "startsAt", "endsAt", "location", "evidenceDeadline", "chairId"] {
                if let value = form[name] { body[name] = .string(value) }
            }
            if let capacity = form["capacity"] { body["capacity"] = Int(capacity).map { .number(Double($0)) } ?? .string(capacity) }
            let created = try await web.api.call(.post, "/v1/panels", body: .object(body), session: viewer.session.secret, context: context)
            return "/panels/\((created.body["id"].string ?? "").pathSegment)?done=panel-scheduled"
        }, showAgain: { viewer, form, _ in try await scheduleForm(viewer, form: form, context: context) })
    }

    // MARK: - One panel

    @Sendable func panel(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await panelPage(request, viewer, context: context) }
    }

    private func panelPage(_ request: Request, _ viewer: Viewer, context: QuorumContext) async throws -> Page {
        let id = context.parameters.get("panelId") ?? ""
        let reply = try await web.api.call(.get, "/v1/panels/\(id.pathSegment)", session: viewer.session.secret, context: context)
        let panel = reply.body
        let isChair = panel["members"].array.contains { $0["chair"].bool && $0["id"].string == viewer.personID }
        let isCoordinator = viewer.roles.contains(.coordinator)
        let state = panel["state"].string ?? ""
        var values: [String: Any] = [
            "id": id, "version": panel["version"].int ?? 0, "sitsOn": panel["sitsOn"].string ?? "",
            "time": "\(panel["startsAt"].string ?? "")–\(panel["endsAt"].string ?? "")", "location": panel["location"].string ?? "",
            "evidenceDeadline": panel["evidenceDeadline"].string ?? "", "capacity": panel["capacity"].int ?? 0,
            "state": StatusTag.make(state), "anonymised": panel["anonymised"].bool,
            "members": panel["members"].array.map { ["name": $0["name"].string ?? "", "chair": $0["chair"].bool] as [String: Any] },
            "cases": panel["cases"].array.map { item -> [String: Any] in
                let decision = item["decision"]
                return ["label": item["nqswName"].string ?? item["label"].string ?? "", "number": item["number"].int ?? 0,
                        "path": "/panels/\(id.pathSegment)/cases/\((item["id"].string ?? "").pathSegment)",
                        "state": StatusTag.make(item["state"].string ?? ""),
                        "decision": decision == .null ? "Not yet decided" : "\(decision["outcome"].string ?? "") (\((decision["kind"].string ?? "").replacingOccurrences(of: "_", with: " ")))",
                        "conflicts": item["conflicts"].array.count]
            },
            "canOpen": (isChair || isCoordinator) && state == "scheduled",
            "canClose": (isChair || isCoordinator) && state == "in_session",
        ]
        if isCoordinator && ["draft", "scheduled"].contains(state) {
            let cases = try await allocatable(viewer, context: context)
            values["allocatable"] = cases
            values["hasAllocatable"] = !cases.isEmpty
        }
        return Page(template: "panel", title: "Panel on \(panel["sitsOn"].string ?? "")", values: values)
    }

    /// NQSWs whose recommendation waits for a panel: the cases a coordinator can list.
    private func allocatable(_ viewer: Viewer, context: QuorumContext) async throws -> [[String: Any]] {
        let enrolments = try await web.api.get("/v1/enrolments", session: viewer.session.secret, context: context)
        var result: [[String: Any]] = []
        for enrolment in enrolments["items"].array where enrolment["status"].string == "active" {
            let id = enrolment["id"].string ?? ""
            guard let recommendation = try? await web.api.get("/v1/enrolments/\(id.pathSegment)/recommendation",
                                                              session: viewer.session.secret, context: context),
                  ["submitted", "released", "awaiting_panel"].contains(recommendation["state"].string ?? "") else { continue }
            result.append(["id": id, "name": enrolment["nqsw"]["name"].string ?? "", "outcome": recommendation["versions"].array.last?["outcome"].string ?? ""])
        }
        return result
    }

    @Sendable func allocate(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = context.parameters.get("panelId") ?? ""
        return await web.action(request, context: context, perform: { viewer, form in
            let body: JSONValue = .object(form["enrolmentId"].map { ["enrolmentId": .string($0)] } ?? [:])
            _ = try await web.api.call(.post, "/v1/panels/\(id.pathSegment)/cases", body: body, session: viewer.session.secret, context: context)
            return "/panels/\(id.pathSegment)?done=case-listed"
        }, showAgain: { viewer, _, _ in try await panelPage(request, viewer, context: context) })
    }

    /// The chair (or a coordinator) opens the session so decisions can be recorded.
    @Sendable func open(_ request: Request, context: QuorumContext) async throws -> Response {
        await sessionEvent("open", done: nil, request, context: context)
    }

    /// The chair (or a coordinator) closes it once the cases are decided.
    @Sendable func close(_ request: Request, context: QuorumContext) async throws -> Response {
        await sessionEvent("close", done: "panel-closed", request, context: context)
    }

    private func sessionEvent(_ event: String, done: String?, _ request: Request, context: QuorumContext) async -> Response {
        let id = (context.parameters.get("panelId") ?? "").pathSegment
        return await web.action(request, context: context, perform: { viewer, form in
            _ = try await web.api.call(.post, "/v1/panels/\(id)/events", body: .object(["event": .string(event)]),
                                       ifMatch: form.ifMatch, session: viewer.session.secret, context: context)
            return "/panels/\(id)" + (done.map { "?done=\($0)" } ?? "")
        }, showAgain: { viewer, _, _ in try await panelPage(request, viewer, context: context) })
    }

    // MARK: - A case: the pack and the decision

    @Sendable func casePage(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await casePack(viewer, form: nil, context: context) }
    }

    private func casePack(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let panelID = context.parameters.get("panelId") ?? ""
        let caseID = context.parameters.get("caseId") ?? ""
        let session = viewer.session.secret
        async let panelReply = web.api.get("/v1/panels/\(panelID.pathSegment)", session: session, context: context)
        async let packReply = web.api.get("/v1/panels/\(panelID.pathSegment)/cases/\(caseID.pathSegment)/pack", session: session, context: context)
        let (panel, pack) = try await (panelReply, packReply)
        let record = panel["cases"].array.first { $0["id"].string == caseID } ?? .null
        let isChair = panel["members"].array.contains { $0["chair"].bool && $0["id"].string == viewer.personID }
        let isMember = panel["members"].array.contains { $0["id"].string == viewer.personID }
        let recommendation = pack["recommendation"]
        let findings = recommendation["snapshot"]["sufficiency"]["findings"].array.map { finding -> [String: Any] in
            let criterion = finding["criterion"].string ?? ""
            return ["criterion": criterion.capitalized, "met": StatusTag.make(finding["met"].bool ? "met" : "not met"),
                    "reasons": finding["reasons"].array.compactMap { $0["text"].string },
                    "justification": recommendation["justifications"][criterion].string ?? ""]
        }
        let decision = record["decision"]
        let state = panel["state"].string ?? ""
        let kind = form?["kind"]
        return Page(template: "panel-case", title: pack["label"].string.map { "\($0): \(pack["nqswName"].string ?? "case pack")" } ?? "Case pack", values: [
            "panelPath": "/panels/\(panelID.pathSegment)", "action": "/panels/\(panelID.pathSegment)/cases/\(caseID.pathSegment)",
            "label": pack["label"].string ?? "", "nqswName": pack["nqswName"].string ?? pack["label"].string ?? "",
            "assessorName": pack["assessorName"].string ?? "Withheld (anonymised panel)",
            "anonymised": pack["anonymised"].bool, "deferrals": pack["deferrals"].int ?? 0,
            "recommendation": recommendation == .null ? false : [
                "outcome": recommendation["outcome"].string ?? "", "version": recommendation["version"].int ?? 0,
                "rationale": recommendation["rationale"].string ?? "", "borderline": recommendation["borderline"].bool ? "Yes" : "No",
                "submittedOn": recommendation["submittedOn"].string ?? "",
            ] as [String: Any],
            "findings": findings,
            "overdue": pack["tracker"]["overdue"].int ?? 0,
            "ftp": pack["fitnessToPractise"]["escalated"].bool,
            "ftpState": pack["fitnessToPractise"]["state"].string ?? "",
            "plans": pack["supportPlans"].array.count,
            "decision": decision == .null ? false : [
                "outcome": StatusTag.make(decision["outcome"].string ?? ""), "kind": (decision["kind"].string ?? "").replacingOccurrences(of: "_", with: " "),
                "reasons": decision["reasons"].string ?? "", "deadline": decision["deadline"].string ?? "",
                "evidenceRequired": decision["evidenceRequired"].string ?? "",
                "signed": decision["signedOn"].string.map { "Signed on \($0)" } ?? "Not signed yet",
            ] as [String: Any],
            "canDecide": decision == .null && state == "in_session" && recommendation != .null,
            "notInSession": decision == .null && state != "in_session",
            "canSign": decision != .null && decision["signedOn"] == .null && isChair && state == "in_session",
            "canDeclare": isMember && decision == .null && (state == "scheduled" || state == "in_session"),
            "conflictReason": form?["reason"] ?? "",
            "kinds": [("confirm", "Confirm the recommendation"), ("defer", "Not confirmed: defer the judgement with a new deadline"),
                      ("refer_back", "Not confirmed: refer back for more evidence"), ("different_outcome", "Not confirmed: reach a different outcome")]
                .map { ["value": $0.0, "label": $0.1, "checked": kind == $0.0] as [String: Any] },
            "outcomes": ["PASS", "FAIL"].map { ["value": $0, "checked": form?["outcome"] == $0] as [String: Any] },
        ])
    }

    /// A member declares a conflict of interest; they can no longer read the
    /// pack, so the agenda follows.
    @Sendable func declareConflict(_ request: Request, context: QuorumContext) async throws -> Response {
        let panelID = (context.parameters.get("panelId") ?? "").pathSegment
        let caseID = (context.parameters.get("caseId") ?? "").pathSegment
        return await web.action(request, context: context, perform: { viewer, form in
            _ = try await web.api.call(.post, "/v1/panels/\(panelID)/cases/\(caseID)/conflicts",
                                       body: .object(["reason": .string(form["reason"] ?? "")]), session: viewer.session.secret, context: context)
            return "/panels/\(panelID)?done=conflict-declared"
        }, showAgain: { viewer, form, _ in try await casePack(viewer, form: form, context: context) })
    }

    @Sendable func decide(_ request: Request, context: QuorumContext) async throws -> Response {
        let path = "/v1/panels/\((context.parameters.get("panelId") ?? "").pathSegment)/cases/\((context.parameters.get("caseId") ?? "").pathSegment)"
        return await web.action(request, context: context, perform: { viewer, form in
            var body: [String: JSONValue] = [:]
            if let version = form["recommendationVersion"].flatMap(Int.init) { body["recommendationVersion"] = .number(Double(version)) }
            for name in ["kind", "outcome", "reasons", "evidenceRequired", "deadline"] {
                if let value = form[name] { body[name] = .string(value) }
            }
            _ = try await web.api.call(.post, path + "/decision", body: .object(body), session: viewer.session.secret, context: context)
            return request.uri.path.replacingOccurrences(of: "/decision", with: "") + "?done=decision-recorded"
        }, showAgain: { viewer, form, _ in try await casePack(viewer, form: form, context: context) })
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        let path = "/v1/panels/\((context.parameters.get("panelId") ?? "").pathSegment)/cases/\((context.parameters.get("caseId") ?? "").pathSegment)"
        return await web.action(request, context: context, perform: { viewer, _ in
            _ = try await web.api.call(.post, path + "/decision/signature", body: .object([:]), session: viewer.session.secret, context: context)
            return request.uri.path.replacingOccurrences(of: "/signature", with: "") + "?done=decision-signed"
        }, showAgain: { viewer, form, _ in try await casePack(viewer, form: form, context: context) })
    }
}
