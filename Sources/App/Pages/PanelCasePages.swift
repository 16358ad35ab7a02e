internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// A case at a panel: its pack, recording the decision, the chair's
/// signature, and a member's declaration of a conflict of interest.
struct PanelCasePages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("panels/{panelId}/cases/{caseId}", use: casePage)
        router.post("panels/{panelId}/cases/{caseId}/decision", use: decide)
        router.post("panels/{panelId}/cases/{caseId}/signature", use: sign)
        router.post("panels/{panelId}/cases/{caseId}/conflict", use: declareConflict)
    }

    private static func ids(_ context: QuorumContext) throws -> (PanelID, PanelCaseID) {
        (try context.pageID("panelId"), try context.pageID("caseId"))
    }

    @Sendable func casePage(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await casePack(viewer, form: nil, context: context) }
    }

    private func casePack(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let (panelID, caseID) = try Self.ids(context)
        async let panelReply = web.run(GetPanel(panelID), for: viewer, context)
        async let packReply = web.run(ReadPanelPack(panelID, caseID), for: viewer, context)
        let (visible, reading) = try await (panelReply, packReply)
        let content = CasePackView(visible, caseID: caseID, pack: PanelPackBody(reading), viewer: viewer, form: form)
        let title = "\(content.label): \(reading.anonymised ? "case pack" : reading.pack.record.nqswName)"
        return Page(.panelCase, title: title, content: content)
    }

    /// A member declares a conflict of interest; they can no longer read the
    /// pack, so the agenda follows.
    @Sendable func declareConflict(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let (panelID, caseID) = try Self.ids(context)
            var fields = JSONFields(object: ["reason": .string(form["reason"] ?? "")])
            let given = fields.reason(whenBlank: "Describe the conflict of interest.")
            _ = try await web.run(DeclarePanelConflict(panelID, caseID, reason: try fields.finish(given)), for: viewer, context)
            return "/panels/\(panelID)?done=conflict-declared"
        }, showAgain: { viewer, form, _ in try await casePack(viewer, form: form, context: context) })
    }

    @Sendable func decide(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let (panelID, caseID) = try Self.ids(context)
            var fields = form.json(strings: ["kind", "outcome", "reasons", "evidenceRequired"], dates: ["deadline"], numbers: ["recommendationVersion"])
            let proposal = try PanelDecisionProposal.parse(&fields)
            _ = try await web.run(RecordPanelDecision(panelID, caseID, expectedVersion: nil, proposal: proposal), for: viewer, context)
            return "/panels/\(panelID)/cases/\(caseID)?done=decision-recorded"
        }, showAgain: { viewer, form, _ in try await casePack(viewer, form: form, context: context) })
    }

    @Sendable func sign(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, _ in
            let (panelID, caseID) = try Self.ids(context)
            _ = try await web.run(SignPanelDecision(panelID, caseID, expectedVersion: nil), for: viewer, context)
            return "/panels/\(panelID)/cases/\(caseID)?done=decision-signed"
        }, showAgain: { viewer, form, _ in try await casePack(viewer, form: form, context: context) })
    }
}

/// A case pack as a member or the chair reads it, with the decision forms.
struct CasePackView: Sendable {
    struct Recommendation: Sendable {
        var outcome: String
        var version: Int
        var rationale: String
        var borderline: String
        var submittedOn: String
    }

    struct Finding: Sendable {
        var criterion: String
        var met: StatusTag
        var reasons: [String]
        var justification: String
    }

    struct Decision: Sendable {
        var outcome: StatusTag
        var kind: String
        var reasons: String?
        var deadline: String?
        var evidenceRequired: String?
        var signed: String
    }

    struct Choice: Sendable {
        var value: String
        var label: String
        var checked: Bool
    }

    var panelPath: String
    var action: String
    var label: String
    var nqswName: String
    var assessorName: String
    var anonymised: Bool
    var deferrals: Int
    var recommendation: Recommendation?
    var findings: [Finding]
    var overdue: Int
    var ftp: Bool
    var ftpState: String
    /// Suspected generative-AI use, in one sentence for the panel (nil: none suspected).
    var aiUse: String?
    var plans: Int
    var decision: Decision?
    var canDecide: Bool
    var notInSession: Bool
    var canSign: Bool
    var canDeclare: Bool
    var conflictReason: String
    var kinds: [Choice]
    var outcomes: [Choice]

    init(_ visible: VisiblePanel, caseID: PanelCaseID, pack: PanelPackBody, viewer: Viewer, form: FormBody?) {
        let panel = visible.agenda.panel
        let listed = visible.agenda.panelCase(caseID)
        let state = panel.machine.state
        let isChair = panel.chairID == viewer.person.id
        let isMember = panel.memberIDs.contains(viewer.person.id)
        panelPath = "/panels/\(panel.id)"
        action = "/panels/\(panel.id)/cases/\(caseID)"
        label = pack.label
        nqswName = pack.nqswName ?? pack.label
        assessorName = pack.assessorName ?? "Withheld (anonymised panel)"
        anonymised = pack.anonymised
        deferrals = pack.deferrals
        recommendation = pack.recommendation.map {
            Recommendation(outcome: $0.outcome, version: $0.version, rationale: $0.rationale, borderline: $0.borderline ? "Yes" : "No", submittedOn: $0.submittedOn)
        }
        let justifications = pack.recommendation?.justifications ?? [:]
        findings = (pack.recommendation?.snapshotFindings ?? []).map {
            Finding(criterion: $0.criterion.capitalized, met: StatusTag($0.met ? "met" : "not met"), reasons: $0.reasons,
                    justification: justifications[$0.criterion] ?? "")
        }
        overdue = pack.tracker.overdue
        ftp = pack.fitnessToPractise.escalated
        ftpState = pack.fitnessToPractise.state ?? ""
        aiUse = pack.aiUse.map { use in
            let reasons = use.flagged.map { "\($0.practiceDate): \($0.reasons.isEmpty ? "no reasons written" : $0.reasons)" }.joined(separator: "; ")
            let presented = use.presentation.map { "The final critical reflection was presented on \($0.presentedOn); the assessor's feedback: \($0.feedback)" }
                ?? "No presentation is recorded yet: one is required."
            return "Generative-AI use was suspected in \(use.flagged.count == 1 ? "a critical reflection" : "\(use.flagged.count) critical reflections") (\(reasons)). \(presented)"
        }
        plans = pack.supportPlans.count
        let recorded = listed?.decision
        decision = recorded.map {
            Decision(outcome: StatusTag($0.outcome.rawValue), kind: $0.decision.kind.rawValue.replacingOccurrences(of: "_", with: " "),
                     reasons: $0.decision.reasons, deadline: $0.decision.deadline?.description, evidenceRequired: $0.decision.evidenceRequired,
                     signed: $0.signedOn.map { "Signed on \($0)" } ?? "Not signed yet")
        }
        canDecide = recorded == nil && state == .inSession && pack.recommendation != nil
        notInSession = recorded == nil && state != .inSession
        canSign = recorded != nil && recorded?.signedOn == nil && isChair && state == .inSession
        canDeclare = isMember && recorded == nil && (state == .scheduled || state == .inSession)
        conflictReason = form?["reason"] ?? ""
        let kind = form?["kind"]
        kinds = [("confirm", "Confirm the recommendation"), ("defer", "Not confirmed: defer the judgement with a new deadline"),
                 ("refer_back", "Not confirmed: refer back for more evidence"), ("different_outcome", "Not confirmed: reach a different outcome")]
            .map { Choice(value: $0.0, label: $0.1, checked: kind == $0.0) }
        outcomes = ["PASS", "FAIL"].map { Choice(value: $0, label: $0, checked: form?["outcome"] == $0) }
    }
}
