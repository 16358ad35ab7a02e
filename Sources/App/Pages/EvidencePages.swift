internal import Hummingbird
internal import Domain
internal import Foundation

/// One piece of evidence as the assessor judges it: what it is, what it is
/// mapped to, the judgements so far, and — for the NQSW's current assessor —
/// the form for a judgement and the button to verify it.
struct EvidencePages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("nqsws/{enrolmentId}/evidence/{evidenceId}", use: item)
        router.post("nqsws/{enrolmentId}/evidence/{evidenceId}/judgement", use: judge)
        router.post("nqsws/{enrolmentId}/evidence/{evidenceId}/verification", use: verify)
    }

    static let kinds: [String: String] = [
        "direct_observation": "Direct observation", "person_feedback": "Feedback from a person supported",
        "professional_feedback": "Feedback from a professional", "written_report": "Written report",
        "critical_reflection": "Critical reflection", "supervision_note": "Supervision note",
        "presentation": "Presentation", "other": "Other",
    ]

    static let levels: [(value: String, label: String)] = [
        ("meets", "Meets the expected level"), ("partly_meets", "Partly meets the expected level"),
        ("does_not_yet_meet", "Does not yet meet the expected level"),
    ]

    private static func ids(_ context: QuorumContext) -> (enrolment: String, evidence: String) {
        ((context.parameters.get("enrolmentId") ?? "").pathSegment, (context.parameters.get("evidenceId") ?? "").pathSegment)
    }

    @Sendable func item(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await itemPage(viewer, form: nil, context: context) }
    }

    private func itemPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let (id, evidenceID) = Self.ids(context)
        let session = viewer.session.secret
        async let enrolmentReply = web.api.get("/v1/enrolments/\(id)", session: session, context: context)
        async let evidenceReply = web.api.get("/v1/enrolments/\(id)/evidence", session: session, context: context)
        let (enrolment, evidence) = try await (enrolmentReply, evidenceReply)
        guard let item = evidence["items"].array.first(where: { $0["id"].string?.pathSegment == evidenceID }) else {
            throw InternalAPI.Refusal(problem: Problem.notFound("evidence"))
        }
        let names = Dictionary(enrolment.people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let kind = item["kind"].string ?? ""
        let isAssessor = enrolment["assessor"]["id"].string == viewer.personID
        let chosen = form?["level"]
        return Page(template: "evidence-item", title: Self.kinds[kind] ?? "Evidence", values: [
            "name": enrolment["nqsw"]["name"].string ?? "", "portfolioPath": "/nqsws/\(id)", "path": "/nqsws/\(id)/evidence/\(evidenceID)",
            "practiceDate": item["practiceDate"].string ?? "", "addedOn": item["addedOn"].string ?? "",
            "author": names[item["authorId"].string ?? ""] ?? "Someone no longer on the year",
            "description": item["description"].string ?? "", "statements": item["statements"].array.compactMap(\.string).joined(separator: ", "),
            "standing": StatusTag.make(item["standing"].string ?? ""),
            "verified": item["verifiedOn"].string.map { "Verified by \(names[item["verifiedBy"].string ?? ""] ?? "the assessor") on \($0)" } ?? false,
            "aiUseSuspected": item["aiUseSuspected"].bool,
            "file": item["file"] == .null ? false : ["name": item["file"]["name"].string ?? "", "sha256": item["file"]["sha256"].string ?? ""],
            "judgements": item["judgements"].array.map { judgement -> [String: Any] in
                ["on": judgement["recordedOn"].string ?? "", "by": names[judgement["judgeId"].string ?? ""] ?? "A former assessor",
                 "level": StatusTag.make(judgement["level"].string ?? ""), "feedback": judgement["feedback"].string ?? "",
                 "resolution": judgement["resolution"].bool]
            },
            "canJudge": isAssessor, "canVerify": isAssessor && item["verifiedOn"] == .null,
            "isReflection": kind == "critical_reflection", "hasJudgements": !item["judgements"].array.isEmpty,
            "levels": Self.levels.map { ["value": $0.value, "label": $0.label, "checked": chosen == $0.value] },
            "resolutionChecked": form?["resolution"] == "true", "aiChecked": form?["aiUseSuspected"] == "true",
        ])
    }

    @Sendable func judge(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, evidenceID) = Self.ids(context)
        return await web.action(request, context: context, perform: { viewer, form in
            var body: [String: JSONValue] = ["feedback": .string(form["feedback"] ?? "")]
            if let level = form["level"] { body["level"] = .string(level) }
            if form["resolution"] == "true" { body["resolution"] = .bool(true) }
            if form["aiUseSuspected"] == "true" { body["aiUseSuspected"] = .bool(true) }
            _ = try await web.api.call(.post, "/v1/enrolments/\(id)/evidence/\(evidenceID)/judgements", body: .object(body),
                                       session: viewer.session.secret, context: context)
            return "/nqsws/\(id)/evidence/\(evidenceID)?done=judgement-recorded"
        }, showAgain: { viewer, form, _ in try await itemPage(viewer, form: form, context: context) })
    }

    @Sendable func verify(_ request: Request, context: QuorumContext) async throws -> Response {
        let (id, evidenceID) = Self.ids(context)
        return await web.action(request, context: context, perform: { viewer, _ in
            _ = try await web.api.call(.post, "/v1/enrolments/\(id)/evidence/\(evidenceID)/verification", session: viewer.session.secret, context: context)
            return "/nqsws/\(id)/evidence/\(evidenceID)?done=evidence-verified"
        }, showAgain: { viewer, _, _ in try await itemPage(viewer, form: nil, context: context) })
    }
}

extension JSONValue {
    /// The people an enrolment names (NQSW, assessor, line manager), for
    /// showing names where the API gives ids.
    var people: [(id: String, name: String)] {
        ["nqsw", "assessor", "lineManager"].compactMap { role in
            guard let id = self[role]["id"].string, let name = self[role]["name"].string else { return nil }
            return (id, name)
        }
    }
}
