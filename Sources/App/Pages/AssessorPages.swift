internal import Hummingbird
internal import Domain
internal import Foundation

/// An NQSW's year as assessors, line managers and coordinators see it: the
/// list, the portfolio with its evidence matrix and live sufficiency findings,
/// the final recommendation (with "check your answers"), and a change of assessor.
struct AssessorPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("nqsws", use: list)
        router.get("nqsws/{enrolmentId}", use: portfolio)
        router.post("nqsws/{enrolmentId}/assessor", use: changeAssessor)
        router.get("nqsws/{enrolmentId}/recommendation", use: recommendation)
        router.post("nqsws/{enrolmentId}/recommendation", use: checkAnswers)
        router.post("nqsws/{enrolmentId}/recommendation/confirm", use: submit)
        router.post("nqsws/{enrolmentId}/recommendation/edit", use: edit)
    }

    private static func id(_ context: QuorumContext) -> String {
        (context.parameters.get("enrolmentId") ?? "").pathSegment
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let enrolments = try await web.api.get("/v1/enrolments", session: viewer.session.secret, context: context)
            let rows = enrolments["items"].array.map { item -> [String: Any] in
                ["path": "/nqsws/\((item["id"].string ?? "").pathSegment)", "name": item["nqsw"]["name"].string ?? "",
                 "startDate": item["startDate"].string ?? "", "setting": item["setting"].string == "adults" ? "Adults" : "Child and family",
                 "assessor": item["assessor"]["name"].string ?? "", "status": StatusTag.make(item["status"].string ?? "")]
            }
            return Page(template: "nqsws", title: viewer.roles.contains(.coordinator) ? "NQSWs" : "My NQSWs", values: ["rows": rows])
        }
    }

    // MARK: - The portfolio

    @Sendable func portfolio(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await portfolioPage(viewer, form: nil, context: context) }
    }

    private func portfolioPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let id = Self.id(context)
        let session = viewer.session.secret
        async let enrolmentReply = web.api.get("/v1/enrolments/\(id)", session: session, context: context)
        async let trackerReply = web.api.get("/v1/enrolments/\(id)/tracker", session: session, context: context)
        async let matrixReply = web.api.get("/v1/enrolments/\(id)/evidence-matrix", session: session, context: context)
        async let reviewsReply = web.api.get("/v1/enrolments/\(id)/reviews", session: session, context: context)
        async let evidenceReply = web.api.get("/v1/enrolments/\(id)/evidence", session: session, context: context)
        let (enrolment, tracker, matrix, reviews, evidence) = try await (enrolmentReply, trackerReply, matrixReply, reviewsReply, evidenceReply)
        // The live check is the assessor's, line manager's and coordinator's; others are refused by the API.
        let sufficiency = try? await web.api.get("/v1/enrolments/\(id)/sufficiency", session: session, context: context)
        let recommendation = try? await web.api.get("/v1/enrolments/\(id)/recommendation", session: session, context: context)
        let isAssessor = enrolment["assessor"]["id"].string == viewer.personID
        let recordsReviews = isAssessor || enrolment["lineManager"]["id"].string == viewer.personID
        let periods = matrix["rows"].array.first?["cells"].array.compactMap { $0["period"].string } ?? []
        var values: [String: Any] = [
            "id": id, "name": enrolment["nqsw"]["name"].string ?? "", "startDate": enrolment["startDate"].string ?? "",
            "setting": enrolment["setting"].string == "adults" ? "Adults" : "Child and family",
            "fte": enrolment["fte"].template ?? 1, "assessor": enrolment["assessor"]["name"].string ?? "",
            "lineManager": enrolment["lineManager"]["name"].string ?? "", "status": StatusTag.make(enrolment["status"].string ?? ""),
            "version": enrolment["version"].int ?? 0,
            "tracker": tracker["lines"].array.map { line -> [String: Any] in
                ["label": line["label"].string ?? "", "due": line["due"].string ?? "", "detail": line["detail"].string ?? "",
                 "status": StatusTag.make(line["status"].string ?? "")]
            },
            "periods": periods,
            "matrix": matrix["rows"].array.map { row -> [String: Any] in
                ["code": row["code"].string ?? "", "title": row["title"].string ?? "",
                 "cells": row["cells"].array.map { cell -> String in
                     let count = cell["count"].int ?? 0
                     guard count > 0 else { return "None" }
                     let meets = cell["meets"].int ?? 0
                     return "\(count) (\(meets) meets)"
                 }]
            },
            "reviews": reviews["items"].array.map { review -> [String: Any] in
                ["milestone": review["final"].bool ? "Final (12-month)" : "\(review["milestone"].int ?? 0)-month",
                 "heldOn": review["heldOn"].string ?? "", "status": StatusTag.make(review["status"].string ?? ""),
                 "path": "/nqsws/\(id)/reviews/\((review["id"].string ?? "").pathSegment)"]
            },
            "canRecordReview": recordsReviews, "newReviewPath": "/nqsws/\(id)/reviews/new",
            "evidence": evidence["items"].array.reversed().map { item -> [String: Any] in
                ["path": "/nqsws/\(id)/evidence/\((item["id"].string ?? "").pathSegment)", "practiceDate": item["practiceDate"].string ?? "",
                 "kind": EvidencePages.kinds[item["kind"].string ?? ""] ?? "Evidence", "statements": item["statements"].array.compactMap(\.string).joined(separator: ", "),
                 "standing": StatusTag.make(item["standing"].string ?? ""), "verified": item["verifiedOn"] == .null ? "No" : "Yes"]
            },
            "canRecommend": isAssessor && recommendation == nil,
            "recommendationState": recommendation.map { StatusTag.make($0["state"].string ?? "") } ?? false,
            "recommendationPath": "/nqsws/\(id)/recommendation",
        ]
        if let sufficiency {
            values["findings"] = Self.findings(sufficiency)
            values["hasFindings"] = true
        }
        if viewer.roles.contains(.coordinator) {
            let people = try await web.api.get("/v1/people", session: session, context: context)
            values["assessors"] = people["items"].array.filter { $0["roles"].array.contains { $0.string == "assessor" } }.map { person -> [String: Any] in
                ["id": person["id"].string ?? "", "name": person["name"].string ?? "", "selected": form?["assessorId"] == person["id"].string]
            }
            values["canChangeAssessor"] = true
        }
        return Page(template: "portfolio", title: enrolment["nqsw"]["name"].string ?? "Portfolio", values: values)
    }

    /// The four criteria with their reasons, as the API explains them.
    static func findings(_ body: JSONValue) -> [[String: Any]] {
        body["findings"].array.map { finding -> [String: Any] in
            let criterion = finding["criterion"].string ?? ""
            return ["criterion": criterion, "title": criterion.capitalized, "met": finding["met"].bool,
                    "tag": StatusTag.make(finding["met"].bool ? "met" : "not met"),
                    "reasons": finding["reasons"].array.compactMap { $0["text"].string }]
        }
    }

    @Sendable func changeAssessor(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = Self.id(context)
        return await web.action(request, context: context, perform: { viewer, form in
            var body: [String: JSONValue] = [:]
            for name in ["assessorId", "changedOn", "circumstances", "handoverNote", "noHandoverReason"] {
                if let value = form[name] { body[name] = .string(value) }
            }
            _ = try await web.api.call(.post, "/v1/enrolments/\(id)/assessor-changes", body: .object(body),
                                       ifMatch: form.ifMatch, session: viewer.session.secret, context: context)
            return "/nqsws/\(id)?done=assessor-changed"
        }, showAgain: { viewer, form, _ in try await portfolioPage(viewer, form: form, context: context) })
    }

    // MARK: - The final recommendation

    @Sendable func recommendation(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await recommendationPage(viewer, form: nil, context: context) }
    }

    /// The submitted recommendation, or the form: each unmet finding beside a box for its justification.
    private func recommendationPage(_ viewer: Viewer, form: FormBody?, problem: Problem? = nil, context: QuorumContext) async throws -> Page {
        let id = Self.id(context)
        let session = viewer.session.secret
        let enrolment = try await web.api.get("/v1/enrolments/\(id)", session: session, context: context)
        let name = enrolment["nqsw"]["name"].string ?? ""
        if form == nil, let existing = try? await web.api.get("/v1/enrolments/\(id)/recommendation", session: session, context: context) {
            let current = existing["versions"].array.last ?? .null
            return Page(template: "recommendation-view", title: "Recommendation for \(name)", values: [
                "portfolioPath": "/nqsws/\(id)", "outcome": current["outcome"].string ?? "", "state": StatusTag.make(existing["state"].string ?? ""),
                "rationale": current["rationale"].string ?? "", "version": current["number"].int ?? 0,
                "borderline": current["borderline"].bool ? "Yes" : "No", "submittedOn": current["submittedOn"].string ?? "",
                "justifications": (current["justifications"].template as? [String: Any] ?? [:]).sorted { $0.key < $1.key }
                    .map { ["criterion": $0.key.capitalized, "text": $0.value] },
            ])
        }
        let sufficiency = try await web.api.get("/v1/enrolments/\(id)/sufficiency", session: session, context: context)
        let findings = Self.findings(sufficiency).map { finding -> [String: Any] in
            var finding = finding
            let field = "justifications-\(finding["criterion"] as? String ?? "")"
            finding["field"] = field
            finding["value"] = form?[field] ?? ""
            if let issue = problem?.errors.first(where: { PageRenderer.elementID($0.field) == field }) { finding["error"] = issue.message }
            return finding
        }
        return Page(template: "recommendation-form", title: "Recommend an outcome for \(name)", values: [
            "action": "/nqsws/\(id)/recommendation", "portfolioPath": "/nqsws/\(id)", "name": name,
            "findings": findings, "unmet": findings.filter { !($0["met"] as? Bool ?? true) },
            "outcomes": [("PASS", "Pass: the NQSW has met the standard"), ("FAIL", "Fail: the NQSW has not met the standard")].map {
                ["value": $0.0, "label": $0.1, "checked": form?["outcome"] == $0.0] as [String: Any]
            },
            "borderline": form?["borderline"] == "yes",
        ])
    }

    /// "Check your answers": what will be submitted, with a way back to change it.
    @Sendable func checkAnswers(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let form = try await WebRoutes.form(request)
            guard viewer.session.accepts(form) else { throw InternalAPI.Refusal(problem: Problem.forbidden("The form was not sent from this session.")) }
            let id = Self.id(context)
            let justifications = form.pairs.filter { $0.name.hasPrefix("justifications-") && !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
            return Page(template: "recommendation-check", title: "Check your recommendation", values: [
                "action": "/nqsws/\(id)/recommendation", "outcome": form["outcome"] ?? "Not chosen", "rationale": form["rationale"] ?? "Not given",
                "borderline": form["borderline"] == "yes" ? "Yes" : "No",
                "justifications": justifications.map { ["criterion": String($0.name.dropFirst("justifications-".count)).capitalized, "text": $0.value] },
                "hidden": form.pairs.filter { $0.name != "csrf" }.map { ["name": $0.name, "value": $0.value] },
            ])
        }
    }

    @Sendable func submit(_ request: Request, context: QuorumContext) async throws -> Response {
        let id = Self.id(context)
        return await web.action(request, context: context, perform: { viewer, form in
            var body: [String: JSONValue] = ["borderline": .bool(form["borderline"] == "yes")]
            if let outcome = form["outcome"] { body["outcome"] = .string(outcome) }
            if let rationale = form["rationale"] { body["rationale"] = .string(rationale) }
            let justifications = form.pairs.compactMap { pair -> JSONValue? in
                guard pair.name.hasPrefix("justifications-"), let text = form[pair.name] else { return nil }
                return .object(["criterion": .string(String(pair.name.dropFirst("justifications-".count))), "text": .string(text)])
            }
            if !justifications.isEmpty { body["justifications"] = .array(justifications) }
            _ = try await web.api.call(.post, "/v1/enrolments/\(id)/recommendation", body: .object(body), session: viewer.session.secret, context: context)
            return "/nqsws/\(id)/recommendation?done=recommendation-submitted"
        }, showAgain: { viewer, form, problem in try await recommendationPage(viewer, form: form, problem: problem, context: context) })
    }

    /// Back from "check your answers" to the form, with the answers kept.
    @Sendable func edit(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let form = try await WebRoutes.form(request)
            guard viewer.session.accepts(form) else { throw InternalAPI.Refusal(problem: Problem.forbidden("The form was not sent from this session.")) }
            var page = try await recommendationPage(viewer, form: form, context: context)
            page.form = form
            return page
        }
    }
}
