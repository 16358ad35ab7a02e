internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// The referral pack: what the PSW needs to decide, assembled from the record
/// when the concern is escalated and kept as it was then.
enum ReferralPack {
    struct Pack: Encodable {
        struct ConcernPart: Encodable {
            var category: String
            var severity: String
            var raisedOn: String
            var description: String
            var statements: [String]
            var sharedOn: String?
            var nqswResponse: String?
        }

        struct PlanPart: Encodable {
            var state: String
            var support: String
            var objectives: [String]
        }

        struct ReviewPart: Encodable {
            var milestone: Int
            var heldOn: String
            var status: String
        }

        struct EvidencePart: Encodable {
            var id: String
            var kind: String
            var practiceDate: String
            var description: String
        }

        var nqsw: String
        var startDate: String
        var assessor: String
        var lineManager: String
        var concern: ConcernPart
        var plans: [PlanPart]
        var reviews: [ReviewPart]
        var supervisionSessionsHeld: Int
        var supervisionMissedIntervals: Int
        var evidence: [EvidencePart]
        var assembledOn: String
    }

    static func assemble(record: EnrolmentRecord, concern: Concern, asOf: CalendarDay, on connection: PQConnection) throws -> String {
        let enrolment = record.enrolment
        let organisation = enrolment.organisationID
        let sessions = try SupervisionRepository.sessions(of: enrolment.id, organisation: organisation, on: connection)
        let compliance = SupervisionCompliance.check(
            sessions: sessions, start: enrolment.startDate, policy: try PolicyRepository.supervision(for: organisation, on: connection).policy,
            calendar: try SupervisionRepository.calendar(on: connection), asOf: asOf)
        let cited = Set(concern.evidence)
        let pack = Pack(
            nqsw: record.nqswName, startDate: enrolment.startDate.description, assessor: record.assessorName, lineManager: record.lineManagerName,
            concern: .init(category: concern.category.rawValue, severity: concern.severity.rawValue, raisedOn: concern.raisedOn.description,
                           description: concern.description, statements: concern.statements, sharedOn: concern.sharedOn?.description,
                           nqswResponse: concern.nqswResponse),
            plans: try SupportPlanRepository.plans(of: enrolment.id, organisation: organisation, on: connection).map {
                .init(state: $0.machine.state.name, support: $0.support, objectives: $0.objectives.map { "\($0.description) (\($0.lastOutcome ?? "not yet reviewed"))" })
            },
            reviews: try ReviewRepository.reviews(of: enrolment.id, organisation: organisation, on: connection).map {
                .init(milestone: $0.milestone, heldOn: $0.heldOn.description, status: ReviewBody($0).status)
            },
            supervisionSessionsHeld: sessions.filter(\.wasHeld).count, supervisionMissedIntervals: compliance.missedIntervals,
            evidence: try EvidenceRepository.items(of: enrolment.id, organisation: organisation, on: connection).filter { cited.contains($0.id) }.map {
                .init(id: $0.id.description, kind: $0.kind.rawValue, practiceDate: $0.practiceDate.description, description: $0.description)
            },
            assembledOn: asOf.description)
        return String(decoding: try JSONEncoder.quorum.encode(pack), as: UTF8.self)
    }
}

/// An escalation as the PSW, coordinator or escalating person sees it.
struct EscalationBody: Encodable, Sendable {
    struct Decision: Encodable, Sendable {
        var action: String
        var reasons: String
        var referralGrounds: [String]
        var referredOn: String?
    }

    struct Note: Encodable, Sendable {
        var authorId: String
        var notedOn: String
        var text: String
    }

    var id: String
    var enrolmentId: String
    var concernId: String
    var escalatedBy: String
    var escalatedOn: String
    var state: String
    var acknowledgeDue: String
    var acknowledgementOverdue: Bool
    var decision: Decision?
    var pack: JSONValue?
    var notes: [Note]?
    var version: Int

    init(_ record: EscalationRecord, calendar: WorkingCalendar, asOf: CalendarDay, full: Bool) {
        id = record.id.uuidString.lowercased()
        enrolmentId = record.enrolmentID.description
        concernId = record.concernID.description
        escalatedBy = record.escalatedBy.description
        escalatedOn = record.escalatedOn.description
        state = record.machine.state.name
        let due = calendar.adding(workingDays: EscalationRoutes.acknowledgeWithinWorkingDays, to: record.escalatedOn)
        acknowledgeDue = due.description
        acknowledgementOverdue = (record.acknowledgedOn.map { $0 > due } ?? (asOf > due))
        if case .decided(let decision) = record.machine.state {
            self.decision = Decision(action: decision.action.rawValue, reasons: decision.reasons,
                                     referralGrounds: decision.referralGrounds.map(\.rawValue), referredOn: decision.referredOn?.description)
        }
        if full {
            pack = try? JSONDecoder().decode(JSONValue.self, from: Data(record.pack.utf8))
            notes = record.notes.map { Note(authorId: $0.author.description, notedOn: $0.on.description, text: $0.text) }
        }
        version = record.version
    }
}

/// Open matters for coordinators and the PSW.
struct DashboardBody: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var kind: String
        var nqsw: String
        var enrolmentId: String
        var state: String
        var due: String?
        var overdue: Bool
    }

    var asOf: String
    var rows: [Row]

    var csv: String {
        func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var lines = ["kind,nqsw,enrolment_id,state,due,overdue"]
        for row in rows {
            lines.append([row.kind, quote(row.nqsw), row.enrolmentId, row.state, row.due ?? "", row.overdue ? "yes" : "no"].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
