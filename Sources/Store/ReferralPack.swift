public import Domain
public import PQ
internal import Foundation

/// The referral pack: what the PSW needs to decide, assembled from the record
/// when the concern is escalated and kept as it was then.
public enum ReferralPack {
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

    /// Assembles the pack as JSON text, as of `asOf`.
    public static func assemble(record: EnrolmentRecord, concern: Concern, asOf: CalendarDay, on connection: PQConnection) throws -> String {
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
                .init(milestone: $0.milestone, heldOn: $0.heldOn.description, status: $0.machine.state == .signed ? "signed" : "not signed")
            },
            supervisionSessionsHeld: sessions.filter(\.wasHeld).count, supervisionMissedIntervals: compliance.missedIntervals,
            evidence: try EvidenceRepository.items(of: enrolment.id, organisation: organisation, on: connection).filter { cited.contains($0.id) }.map {
                .init(id: $0.id.description, kind: $0.kind.rawValue, practiceDate: $0.practiceDate.description, description: $0.description)
            },
            assembledOn: asOf.description)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(pack), as: UTF8.self)
    }
}

