internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The final recommendation: the form with each unmet finding beside a box
/// for its justification, "check your answers", and the submitted view.
struct RecommendationPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("nqsws/{enrolmentId}/recommendation", use: recommendation)
        router.post("nqsws/{enrolmentId}/recommendation", use: checkAnswers)
        router.post("nqsws/{enrolmentId}/recommendation/confirm", use: submit)
        router.post("nqsws/{enrolmentId}/recommendation/edit", use: edit)
    }

    struct Submitted: Sendable {
        struct Justification: Sendable {
            var criterion: String
            var text: String
        }

        var portfolioPath: String
        var outcome: String
        var state: StatusTag
        var rationale: String
        var version: Int
        var borderline: String
        var submittedOn: String
        var justifications: [Justification]
    }

    struct Form: Sendable {
        struct Finding: Sendable {
            var criterion: String
            var title: String
            var met: Bool
            var tag: StatusTag
            var reasons: [FindingRow.Line]
            var warnings: [FindingRow.Line]
            var hasWarnings: Bool
            /// Each reason's subject, named for the justification box.
            var subjects: [String]
            var field: String
            var value: String
            var error: String?
        }

        struct Choice: Sendable {
            var value: String
            var label: String
            var checked: Bool
        }

        var action: String
        var portfolioPath: String
        var name: String
        var findings: [Finding]
        var unmet: [Finding]
        var outcomes: [Choice]
        var borderline: Bool
    }

    struct Check: Sendable {
        struct Hidden: Sendable {
            var name: String
            var value: String
        }

        var action: String
        var outcome: String
        var rationale: String
        var borderline: String
        var justifications: [Submitted.Justification]
        var hidden: [Hidden]
    }

    @Sendable func recommendation(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await recommendationPage(viewer, form: nil, context: context) }
    }

    /// The submitted recommendation, or the form.
    private func recommendationPage(_ viewer: Viewer, form: FormBody?, problem: Problem? = nil, context: QuorumContext) async throws -> Page {
        let id: EnrolmentID = try context.pageID("enrolmentId")
        let record = try await web.run(GetEnrolment(id), for: viewer, context)
        if form == nil, let existing = try await web.run(GetRecommendation(id), for: viewer, context), let current = existing.versions.last {
            return Page(.recommendationView, title: "Recommendation for \(record.nqswName)", content: Submitted(
                portfolioPath: "/nqsws/\(id)", outcome: current.outcome.rawValue, state: StatusTag(existing.machine.state.name), rationale: current.rationale,
                version: current.number, borderline: current.borderline ? "Yes" : "No", submittedOn: current.submittedOn.description,
                justifications: current.justifications.sorted { $0.key < $1.key }.map { .init(criterion: $0.key.capitalized, text: $0.value) }))
        }
        // With the outcome chosen on the form, the check is the one the submission will meet (a FAIL without any concern is a finding).
        let proposed = form?["outcome"].flatMap(RecommendedOutcome.init(rawValue:))
        let report = try await web.run(CheckSufficiency(id, asOf: nil, proposedOutcome: proposed), for: viewer, context).report
        let findings = FindingRow.rows(report).map { row in
            let field = "justifications-\(row.criterion)"
            // Each reason, led by its subject unless the sentence already opens with it.
            let subjects = row.reasons.map { line in
                guard let label = line.label, !line.text.hasPrefix(label) else { return line.text }
                return "\(label.capitalisingFirst): \(line.text)"
            }
            return Form.Finding(criterion: row.criterion, title: row.title, met: row.met, tag: row.tag, reasons: row.reasons,
                                warnings: row.warnings, hasWarnings: row.hasWarnings, subjects: subjects, field: field,
                                value: form?[field] ?? "", error: problem?.errors.first { PageRenderer.elementID($0.field) == field }?.message)
        }
        return Page(.recommendationForm, title: "Recommend an outcome for \(record.nqswName)", content: Form(
            action: "/nqsws/\(id)/recommendation", portfolioPath: "/nqsws/\(id)", name: record.nqswName, findings: findings,
            unmet: findings.filter { !$0.met },
            outcomes: [("PASS", "Pass: the NQSW has met the standard"), ("FAIL", "Fail: the NQSW has not met the standard")].map {
                Form.Choice(value: $0.0, label: $0.1, checked: form?["outcome"] == $0.0)
            },
            borderline: form?["borderline"] == "yes"))
    }

    /// "Check your answers": what will be submitted, with a way back to change it.
    @Sendable func checkAnswers(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let form = try await WebRoutes.form(request)
            guard viewer.session.accepts(form) else { throw Problem.forbidden("The form was not sent from this session.") }
            let id: EnrolmentID = try context.pageID("enrolmentId")
            let justifications = form.pairs.filter { $0.name.hasPrefix("justifications-") && !$0.value.trimmingWhitespace().isEmpty }
            return Page(.recommendationCheck, title: "Check your recommendation", content: Check(
                action: "/nqsws/\(id)/recommendation", outcome: form["outcome"] ?? "Not chosen", rationale: form["rationale"] ?? "Not given",
                borderline: form["borderline"] == "yes" ? "Yes" : "No",
                justifications: justifications.map { .init(criterion: String($0.name.dropFirst("justifications-".count)).capitalized, text: $0.value) },
                hidden: form.pairs.filter { $0.name != "csrf" }.map { .init(name: $0.name, value: $0.value) }))
        }
    }

    @Sendable func submit(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id: EnrolmentID = try context.pageID("enrolmentId")
            let justifications = form.pairs.compactMap { pair -> JSONValue? in
                guard pair.name.hasPrefix("justifications-"), let text = form[pair.name] else { return nil }
                return .object(["criterion": .string(String(pair.name.dropFirst("justifications-".count))), "text": .string(text)])
            }
            var extra: [String: JSONValue] = ["borderline": .bool(form["borderline"] == "yes")]
            if !justifications.isEmpty { extra["justifications"] = .array(justifications) }
            var fields = form.json(strings: ["outcome", "rationale"], extra: extra)
            let proposal = RecommendationProposal.parse(&fields)
            _ = try await web.run(SubmitRecommendation(id, try fields.finish(proposal)), for: viewer, context)
            return "/nqsws/\(id)/recommendation?done=recommendation-submitted"
        }, showAgain: { viewer, form, problem in try await recommendationPage(viewer, form: form, problem: problem, context: context) })
    }

    /// Back from "check your answers" to the form, with the answers kept.
    @Sendable func edit(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let form = try await WebRoutes.form(request)
            guard viewer.session.accepts(form) else { throw Problem.forbidden("The form was not sent from this session.") }
            var page = try await recommendationPage(viewer, form: form, context: context)
            page.form = form
            return page
        }
    }
}
