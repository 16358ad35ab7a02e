internal import Hummingbird
internal import Domain
internal import Foundation

/// The NQSW's own year: the tracker, reviews, supervision, the concerns
/// shared with them (and their response), and plans to acknowledge.
struct NQSWPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("my-year", use: myYear)
        router.post("my-year/plans/{planId}", use: acknowledgePlan)
        router.post("my-year/concerns/{concernId}", use: respondToConcern)
        router.post("my-year/supervision/{sessionId}", use: countersign)
    }

    @Sendable func myYear(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await yearPage(viewer, form: nil, context: context) }
    }

    /// The caller's own enrolment (an NQSW has one year at a time).
    private func enrolmentID(_ viewer: Viewer, context: QuorumContext) async throws -> String {
        let enrolments = try await web.api.get("/v1/enrolments", session: viewer.session.secret, context: context)
        guard let own = enrolments["items"].array.first(where: { $0["nqsw"]["id"].string == viewer.personID })?["id"].string else {
            throw InternalAPI.Refusal(problem: Problem.notFound("year"))
        }
        return own.pathSegment
    }

    private func yearPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let session = viewer.session.secret
        let id = try await enrolmentID(viewer, context: context)
        async let trackerReply = web.api.get("/v1/enrolments/\(id)/tracker", session: session, context: context)
        async let reviewsReply = web.api.get("/v1/enrolments/\(id)/reviews", session: session, context: context)
        async let supervisionReply = web.api.get("/v1/enrolments/\(id)/supervision", session: session, context: context)
        async let concernsReply = web.api.get("/v1/enrolments/\(id)/concerns", session: session, context: context)
        async let plansReply = web.api.get("/v1/enrolments/\(id)/plans", session: session, context: context)
        let (tracker, reviews, supervision, concerns, plans) = try await (trackerReply, reviewsReply, supervisionReply, concernsReply, plansReply)
        return Page(template: "my-year", title: "My ASYE year", values: [
            "tracker": tracker["lines"].array.map { line -> [String: Any] in
                ["label": line["label"].string ?? "", "due": line["due"].string ?? "", "status": StatusTag.make(line["status"].string ?? "")]
            },
            "reviews": reviews["items"].array.map { review -> [String: Any] in
                ["milestone": review["final"].bool ? "Final (12-month)" : "\(review["milestone"].int ?? 0)-month",
                 "heldOn": review["heldOn"].string ?? "", "status": StatusTag.make(review["status"].string ?? ""),
                 "toSign": review["status"].string != "signed" && review["signatures"]["nqsw"] == .null,
                 "path": "/nqsws/\(id)/reviews/\((review["id"].string ?? "").pathSegment)"]
            },
            "supervisionCompliant": StatusTag.make(supervision["compliant"].bool ? "compliant" : "not compliant"),
            "sessions": supervision["sessions"].array.suffix(6).reversed().map { session -> [String: Any] in
                ["on": session["scheduledFor"].string ?? "", "topics": session["topics"].string ?? "",
                 "held": session["held"].bool ? "Held" : "Cancelled", "signed": session["nqswSignedOn"].string ?? "Not signed",
                 "canSign": session["held"].bool && session["nqswSignedOn"] == .null,
                 "id": (session["id"].string ?? "").pathSegment, "version": session["version"].int ?? 0]
            },
            "concerns": concerns["items"].array.map { concern -> [String: Any] in
                ["id": (concern["id"].string ?? "").pathSegment, "description": concern["description"].string ?? "",
                 "raisedOn": concern["raisedOn"].string ?? "", "severity": StatusTag.make(concern["severity"].string ?? ""),
                 "response": concern["nqswResponse"].string ?? "", "canRespond": concern["open"].bool && concern["nqswResponse"] == .null,
                 "text": form?["text"] ?? ""]
            },
            "plans": plans["items"].array.map { plan -> [String: Any] in
                let state = plan["state"].string ?? ""
                return ["id": (plan["id"].string ?? "").pathSegment, "version": plan["version"].int ?? 0,
                        "state": StatusTag.make(state), "support": plan["support"].string ?? "",
                        "nextReviewOn": plan["nextReviewOn"].string ?? "",
                        "objectives": plan["objectives"].array.map { objective -> [String: Any] in
                            ["number": objective["number"].int ?? 0, "description": objective["description"].string ?? "",
                             "targetDate": objective["targetDate"].string ?? "",
                             "statements": objective["statements"].array.compactMap(\.string).joined(separator: ", ")]
                        },
                        "acknowledged": plan["acknowledgements"]["nqsw"].string ?? "",
                        "canAcknowledge": state == "draft" && plan["acknowledgements"]["nqsw"] == .null]
            },
        ])
    }

    @Sendable func acknowledgePlan(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id = try await enrolmentID(viewer, context: context)
            let plan = (context.parameters.get("planId") ?? "").pathSegment
            var body: [String: JSONValue] = ["event": .string("acknowledge")]
            if let comments = form["comments"] { body["comments"] = .string(comments) }
            _ = try await web.api.call(.post, "/v1/enrolments/\(id)/plans/\(plan)/events", body: .object(body),
                                       ifMatch: form.ifMatch, session: viewer.session.secret, context: context)
            return "/my-year?done=plan-acknowledged"
        }, showAgain: { viewer, form, _ in try await yearPage(viewer, form: form, context: context) })
    }

    /// The NQSW countersigns a supervision record their supervisor wrote.
    @Sendable func countersign(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id = try await enrolmentID(viewer, context: context)
            let session = (context.parameters.get("sessionId") ?? "").pathSegment
            _ = try await web.api.call(.post, "/v1/enrolments/\(id)/supervision/\(session)/signatures",
                                       ifMatch: form.ifMatch, session: viewer.session.secret, context: context)
            return "/my-year?done=supervision-signed"
        }, showAgain: { viewer, form, _ in try await yearPage(viewer, form: form, context: context) })
    }

    @Sendable func respondToConcern(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id = try await enrolmentID(viewer, context: context)
            let concern = (context.parameters.get("concernId") ?? "").pathSegment
            let body: JSONValue = .object(form["text"].map { ["text": .string($0)] } ?? [:])
            _ = try await web.api.call(.post, "/v1/enrolments/\(id)/concerns/\(concern)/response", body: body,
                                       session: viewer.session.secret, context: context)
            return "/my-year?done=concern-responded"
        }, showAgain: { viewer, form, _ in try await yearPage(viewer, form: form, context: context) })
    }
}
