internal import Foundation
internal import Domain
internal import Store
internal import Workflows

/// Names the people of one NQSW's year (and, for coordinators, the
/// organisation's staff) for the page's tables.
struct YearPeople: Sendable {
    private let names: [PersonID: String]

    init(_ record: EnrolmentRecord, staff: [Person]) {
        var names = Dictionary(staff.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        names[record.enrolment.nqswID] = record.nqswName
        names[record.enrolment.assessorID] = record.assessorName
        names[record.enrolment.lineManagerID] = record.lineManagerName
        self.names = names
    }

    func name(_ id: PersonID) -> String { names[id] ?? "A former member of staff" }
}

/// The portfolio page's supervision: who supervises, the sessions so far and,
/// for a supervisor or coordinator, the form that records one.
struct SupervisionSection: Sendable {
    struct Row: Sendable {
        var on: String
        var time: String
        var kind: String
        var what: String
        var supervisor: String
        var signed: String
    }

    struct Choice: Sendable {
        var value: String
        var label: String
        var checked: Bool
    }

    var supervisor: String
    var rows: [Row]
    var compliant: Bool
    var missedIntervals: Int
    var canRecord: Bool
    var kinds: [Choice]
    var heldChoices: [Choice]
    /// Who an agreed action may belong to.
    var owners: [Choice]

    init(_ record: SupervisionRecord, year: EnrolmentRecord, people: YearPeople, canRecord: Bool, form: FormBody?) {
        supervisor = "\(people.name(record.supervisor.supervisorID)) (the \(record.supervisor.relation.spoken))"
        rows = record.sessions.reversed().map { session in
            let what: String = switch session.outcome {
            case .held(let minutes, let topics, _): "Held, \(minutes) minutes: \(topics)"
            case .cancelled(let reason, let to, _): "Cancelled (\(reason))" + (to.map { ", rescheduled to \($0.spoken)" } ?? ", not rescheduled")
            }
            return Row(on: session.scheduledFor.spoken, time: session.startsAt.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) } ?? "",
                       kind: session.kind.rawValue.capitalized, what: what, supervisor: people.name(session.supervisorID),
                       signed: session.nqswSignedOn.map { "Countersigned \($0.spoken)" } ?? (session.wasHeld ? "Awaiting the NQSW" : ""))
        }
        compliant = record.compliance.isCompliant
        missedIntervals = record.compliance.missedIntervals
        self.canRecord = canRecord
        let kind = form?["kind"] ?? SupervisionSession.Kind.individual.rawValue
        kinds = SupervisionSession.Kind.allCases.map { choice in
            let label = switch choice {
            case .individual: "Individual formal supervision (counts toward the standard)"
            case .group: "Group supervision"
            case .informal: "Informal discussion"
            }
            return Choice(value: choice.rawValue, label: label, checked: kind == choice.rawValue)
        }
        heldChoices = [Choice(value: "yes", label: "Yes, it was held", checked: form?["held"] == "yes"),
                       Choice(value: "no", label: "No, it was cancelled", checked: form?["held"] == "no")]
        let enrolment = year.enrolment
        let owner = form?["actions-0-ownerId"]
        owners = [enrolment.nqswID, enrolment.assessorID, enrolment.lineManagerID].map {
            Choice(value: $0.description, label: people.name($0), checked: owner == $0.description)
        }
    }
}

/// One support and action plan as the portfolio page shows it: where it
/// stands, its objectives and who does what to support the NQSW, by when.
struct PlanSummary: Sendable {
    struct Line: Sendable {
        var text: String
        var by: String
    }

    var state: StatusTag
    var openedOn: String
    var nextReviewOn: String
    var objectives: [Line]
    var supportActions: [Line]
    var version: Int

    init(_ plan: PlanRecord, people: YearPeople) {
        state = StatusTag(plan.machine.state.name)
        openedOn = plan.openedOn.spoken
        nextReviewOn = plan.nextReviewOn.spoken
        objectives = plan.objectives.map {
            Line(text: $0.description + ($0.lastOutcome.map { " (last review: \($0.replacingOccurrences(of: "_", with: " ")))" } ?? ""),
                 by: $0.targetDate.spoken)
        }
        supportActions = plan.supportActions.map { Line(text: "\($0.description) — \(people.name($0.ownerID))", by: $0.dueOn.spoken) }
        version = plan.contentVersion
    }
}

/// One hearing of the year's case at a panel, as the NQSW, assessor and line
/// manager read it: only a signed decision says what the panel decided.
struct HearingRow: Sendable {
    var sitsOn: String
    var outcome: String
    var reasons: String?
    var evidenceRequired: String?
    var deadline: String?

    init(_ hearing: PanelHearing) {
        sitsOn = hearing.sitsOn.spoken
        if let decision = hearing.decision {
            let how = switch decision.kind {
            case .confirm: "the recommendation confirmed"
            case .referBack: "referred back to the assessor"
            case .deferral: "deferred"
            case .differentOutcome: "a different outcome from the recommendation"
            }
            outcome = "\(decision.outcome.rawValue): \(how) (signed \(decision.signedOn.spoken))"
            reasons = decision.reasons
            evidenceRequired = decision.evidenceRequired
            deadline = decision.deadline?.spoken
        } else {
            outcome = switch hearing.state {
            case .listed: "Listed; the panel has not decided yet"
            case .recorded: "The panel has recorded a decision; it takes effect when the chair signs it"
            case .released: "Released from this panel"
            case .decided: "Decided"
            }
        }
    }
}
