public import Domain
public import PQ
internal import Foundation

/// The referral pack: what the PSW needs to decide, assembled from the record
/// when the concern is escalated and kept as it was then.
/// The referral pack as stored (JSON, keys sorted): what the PSW reads.
public struct ReferralPackDocument: Codable, Sendable, Hashable {
    public struct ConcernPart: Codable, Sendable, Hashable {
        public var category: String
        public var severity: String
        public var raisedOn: String
        public var description: String
        public var statements: [String]
        public var sharedOn: String?
        public var nqswResponse: String?
    }

    public struct PlanPart: Codable, Sendable, Hashable {
        public var state: String
        public var support: String
        public var objectives: [String]
    }

    public struct ReviewPart: Codable, Sendable, Hashable {
        public var milestone: Int
        public var heldOn: String
        public var status: String
    }

    /// A supervision session as recorded: the PSW reads the sessions themselves, not only counts.
    public struct SupervisionPart: Codable, Sendable, Hashable {
        public var scheduledFor: String
        public var held: Bool
        public var durationMinutes: Int?
        public var topics: String?
        public var agreedActions: String?
        public var cancellationReason: String?
        public var rescheduledTo: String?
        public var reportedOn: String?
        public var signedBySupervisorOn: String?
        public var signedByNQSWOn: String?
    }

    public struct EvidencePart: Codable, Sendable, Hashable {
        public var id: String
        public var kind: String
        public var practiceDate: String
        public var description: String
    }

    public var nqsw: String
    public var startDate: String
    public var assessor: String
    public var lineManager: String
    public var concern: ConcernPart
    public var plans: [PlanPart]
    public var reviews: [ReviewPart]
    public var supervisionSessionsHeld: Int
    public var supervisionMissedIntervals: Int
    /// The sessions up to the day assembled; absent from packs assembled before Quorum kept them.
    public var supervision: [SupervisionPart]?
    public var evidence: [EvidencePart]
    public var assembledOn: String

    /// Reads a stored pack back; a pack that does not decode is a decoding error (500), never a blank page.
    public static func decode(_ text: String) throws -> ReferralPackDocument {
        try JSONDecoder().decode(ReferralPackDocument.self, from: Data(text.utf8))
    }
}

/// The referral pack: what the PSW needs to decide, assembled from the record
/// when the concern is escalated and kept as it was then.
public enum ReferralPack {
    typealias Pack = ReferralPackDocument

    /// Assembles the pack as JSON text, as of `asOf`.
    public static func assemble(record: EnrolmentRecord, concern: Concern, asOf: CalendarDay, on connection: PQConnection) throws -> String {
        let enrolment = record.enrolment
        let organisation = enrolment.organisationID
        let sessions = try SupervisionRepository.sessions(of: enrolment.id, organisation: organisation, on: connection)
        let compliance = SupervisionCompliance.check(
            sessions: sessions, start: enrolment.startDate, policy: try PolicyRepository.supervision(for: organisation, on: connection).policy,
            calendar: try SupervisionRepository.calendar(on: connection), asOf: asOf,
            absences: try ClockRepository.clock(for: enrolment, on: connection).absences)
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
            supervision: sessions.filter { $0.scheduledFor <= asOf }.sorted { $0.scheduledFor < $1.scheduledFor }.map(Self.part),
            evidence: try EvidenceRepository.items(of: enrolment.id, organisation: organisation, on: connection).filter { cited.contains($0.id) }.map {
                .init(id: $0.id.description, kind: $0.kind.rawValue, practiceDate: $0.practiceDate.description, description: $0.description)
            },
            assembledOn: asOf.description)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(pack), as: UTF8.self)
    }

    static func part(_ session: SupervisionSession) -> Pack.SupervisionPart {
        var part = Pack.SupervisionPart(scheduledFor: session.scheduledFor.description, held: session.wasHeld,
                                        signedBySupervisorOn: session.supervisorSignedOn?.description, signedByNQSWOn: session.nqswSignedOn?.description)
        switch session.outcome {
        case .held(let minutes, let topics, let actions):
            (part.durationMinutes, part.topics, part.agreedActions) = (minutes, topics, actions)
        case .cancelled(let reason, let rescheduledTo, let reportedOn):
            (part.cancellationReason, part.rescheduledTo, part.reportedOn) = (reason, rescheduledTo?.description, reportedOn?.description)
        }
        return part
    }
}

