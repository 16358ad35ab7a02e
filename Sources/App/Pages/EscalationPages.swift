internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows
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

    struct List: Sendable {
        struct Row: Sendable {
            var path: String
            var name: String
            var escalatedOn: String
            var acknowledgeDue: String
            var state: StatusTag
        }

        var rows: [Row]
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let rows = try await web.run(ListEscalations(), for: viewer, context).map { status in
                List.Row(path: "/escalations/\(status.record.id.uuidString.lowercased())", name: try status.pack.nqsw,
                         escalatedOn: status.record.escalatedOn.description, acknowledgeDue: status.acknowledgeDue.description,
                         state: StatusTag(status.acknowledgementOverdue ? "overdue" : status.record.machine.state.name))
            }
            return Page(.escalations, title: "Escalations", content: List(rows: rows))
        }
    }

    @Sendable func one(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await escalationPage(viewer, form: nil, context: context) }
    }

    private func escalationPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let id = try context.pageID("escalationId", as: Identifier<EscalationTag>.self).uuid
        let status = try await web.run(GetEscalation(id), for: viewer, context)
        let content = try EscalationView(status, id: id, form: form)
        return Page(.escalation, title: "Escalation: \(content.nqsw)", content: content)
    }

    /// Acknowledge, add a note, or decide: one form per step, each at the version the page showed.
    @Sendable func event(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id = try context.pageID("escalationId", as: Identifier<EscalationTag>.self).uuid
            var fields = form.json(strings: ["event", "text", "action", "reasons", "regulatorReference"], dates: ["referredOn"], lists: ["referralGrounds"])
            let command = try EscalationCommand.parse(&fields)
            _ = try await web.run(ApplyEscalationEvent(id, expectedVersion: form.expectedVersion, command: command), for: viewer, context)
            return "/escalations/\(id.uuidString.lowercased())?done=escalation-updated"
        }, showAgain: { viewer, form, _ in try await escalationPage(viewer, form: form, context: context) })
    }
}

/// An escalation's page: the referral pack, notes, any decision, and the PSW's forms.
struct EscalationView: Sendable {
    struct ConcernPart: Sendable {
        var category: String
        var description: String
        var raisedOn: String
        var severity: StatusTag
    }

    struct ReviewRow: Sendable {
        var milestone: Int
        var heldOn: String
        var status: StatusTag
    }

    struct Decided: Sendable {
        var action: String
        var reasons: String
        var grounds: String
        var referredOn: String?
        var regulatorReference: String?
    }

    /// A supervision session as the pack keeps it.
    struct SessionRow: Sendable {
        var scheduledFor: String
        var summary: String
    }

    struct Choice: Sendable {
        var value: String
        var label: String
        var checked: Bool
    }

    static let grounds: [(ReferralGround, String)] = [
        (.misconduct, "Misconduct"), (.lackOfCompetence, "Lack of competence or capability"), (.convictionOrCaution, "A conviction or caution"),
        (.adverseHealth, "Adverse physical or mental health"), (.otherRegulatorFinding, "A finding by another regulator"), (.barring, "A barring decision"),
        (.englishLanguage, "Not having the necessary knowledge of English"),
    ]

    static let actions: [(EscalationDecision.Action, String)] = [
        (.noFurtherAction, "No further action"), (.continueSupport, "Continue support through the plan"),
        (.formalProcedure, "Start the employer's formal procedure"),
    ]

    var action: String
    var version: Int
    var state: StatusTag
    var escalatedOn: String
    var acknowledgeDue: String
    var reason: String
    var nqsw: String
    var assessor: String
    var lineManager: String
    var startDate: String
    var concern: ConcernPart
    var reviews: [ReviewRow]
    var plans: Int
    var sessionsHeld: Int
    var missedIntervals: Int
    var sessions: [SessionRow]
    var notes: [String]
    var canAcknowledge: Bool
    var canDecide: Bool
    var decided: Decided?
    var actions: [Choice]
    var grounds: [Choice]

    init(_ status: EscalationStatus, id: UUID, form: FormBody?) throws {
        let pack = try status.pack
        let record = status.record
        action = "/escalations/\(id.uuidString.lowercased())"
        version = record.version
        state = StatusTag(record.machine.state.name)
        escalatedOn = record.escalatedOn.description
        acknowledgeDue = status.acknowledgeDue.description
        reason = record.reason
        nqsw = pack.nqsw
        assessor = pack.assessor
        lineManager = pack.lineManager
        startDate = pack.startDate
        concern = ConcernPart(category: pack.concern.category, description: pack.concern.description, raisedOn: pack.concern.raisedOn,
                              severity: StatusTag(pack.concern.severity))
        reviews = pack.reviews.map { ReviewRow(milestone: $0.milestone, heldOn: $0.heldOn, status: StatusTag($0.status)) }
        plans = pack.plans.count
        sessionsHeld = pack.supervisionSessionsHeld
        missedIntervals = pack.supervisionMissedIntervals
        sessions = (pack.supervision ?? []).map { session in
            SessionRow(scheduledFor: session.scheduledFor, summary: session.held
                ? "held, \(session.durationMinutes ?? 0) minutes: \(session.topics ?? "")"
                : "cancelled (\(session.cancellationReason ?? "no reason given"))\(session.rescheduledTo.map { ", rescheduled to \($0)" } ?? ", not rescheduled")")
        }
        notes = record.notes.map(\.text)
        canAcknowledge = record.machine.state == .awaitingAcknowledgement
        canDecide = record.machine.state == .acknowledged
        if case .decided(let decision) = record.machine.state {
            decided = Decided(action: decision.action.rawValue.replacingOccurrences(of: "_", with: " "), reasons: decision.reasons,
                              grounds: decision.referralGrounds.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", "),
                              referredOn: decision.referredOn?.description, regulatorReference: decision.regulatorReference)
        }
        actions = Self.actions.map { Choice(value: $0.0.rawValue, label: $0.1, checked: form?["action"] == $0.0.rawValue) }
        let chosen = Set(form?.all("referralGrounds") ?? [])
        grounds = Self.grounds.map { Choice(value: $0.0.rawValue, label: $0.1, checked: chosen.contains($0.0.rawValue)) }
    }
}

enum EscalationTag {}
