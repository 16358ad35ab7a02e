internal import Foundation
public import Domain
public import Store

/// How the caller stands to a moderation sample — the access rule for
/// everything moderation shows.
public enum ModerationStanding: Sendable, Hashable {
    case coordinator
    /// Assigned to the sample; an external moderator sees it anonymised.
    case moderator(external: Bool)
    /// Chairs a panel that decided a sampled case with an open dispute (they
    /// settle it); they see only those cases of the sample.
    case chair(of: Set<PanelID>)

    public var anonymised: Bool {
        if case .moderator(true) = self { true } else { false }
    }
}

/// A sample as the caller may see it: its cases, their standing, and the
/// NQSWs' names unless the caller moderates it externally.
public struct VisibleSample: Sendable {
    public var sample: ModerationSampleRecord
    public var standing: ModerationStanding
    public var cases: [PanelCaseID: PanelCaseRecord]
    /// NQSW names by enrolment; empty for an external moderator.
    public var names: [EnrolmentID: String]
    /// Who is looking: an external moderator sees only their own reviews.
    public var viewer: PersonID
}

extension UseCaseContext {
    /// The sample and the caller's standing; 404 for anyone without one.
    /// `keeping` is a dispute the caller just settled, still theirs to see in the reply.
    func visibleSample(_ id: UUID, keeping dispute: UUID? = nil) throws -> VisibleSample {
        guard let sample = try ModerationRepository.find(id, organisation: organisation, on: connection) else { throw Refusal.notFound("sample") }
        return try visible(sample, keeping: dispute)
    }

    /// Its cases, the caller's standing and (unless anonymised) the NQSWs' names, for a sample already read.
    /// A chair sees only their own panels' cases with an open dispute, and nothing else of the sample.
    func visible(_ sample: ModerationSampleRecord, keeping dispute: UUID? = nil) throws -> VisibleSample {
        var sample = sample
        var cases = Dictionary(uniqueKeysWithValues: try PanelCaseRepository.load(sample.cases.map(\.caseID), on: connection).map { ($0.id, $0) })
        let standing: ModerationStanding
        if PanelAccess.canManage(caller) {
            standing = .coordinator
        } else if caller.holds(.moderator), let moderator = sample.moderator(caller.personID) {
            standing = .moderator(external: moderator.external)
        } else if caller.holds(.panelMember), case let chaired = Set(
            try PanelRepository.panels(in: organisation, member: caller.personID, on: connection).filter { $0.chairID == caller.personID }.map(\.id)),
            case let disputed = Set(sample.reviews.filter { review in review.dispute.map { !$0.settled || $0.id == dispute } ?? false }.map(\.caseID)),
            case let own = Set(cases.values.filter { chaired.contains($0.panelID) && disputed.contains($0.id) }.map(\.id)),
            !own.isEmpty {
            standing = .chair(of: Set(own.compactMap { cases[$0]?.panelID }))
            sample.cases = sample.cases.filter { own.contains($0.caseID) }
            sample.reviews = sample.reviews.filter { own.contains($0.caseID) }
            sample.moderators = sample.moderators.filter { moderator in sample.reviews.contains { $0.moderatorID == moderator.personID } }
            cases = cases.filter { own.contains($0.key) }
        } else {
            throw Refusal.notFound("sample")
        }
        var names: [EnrolmentID: String] = [:]
        if !standing.anonymised {
            for enrolment in Set(cases.values.map(\.enrolmentID)) {
                names[enrolment] = try EnrolmentRepository.find(enrolment, in: organisation, on: connection)?.nqswName
            }
        }
        return VisibleSample(sample: sample, standing: standing, cases: cases, names: names, viewer: caller.personID)
    }

    /// A sampled case by its number in the sample.
    func sampledCase(_ number: Int, in visible: VisibleSample) throws -> ModerationSampleRecord.SampledCase {
        guard let sampled = visible.sample.cases.first(where: { $0.number == number }) else { throw Refusal.notFound("case") }
        return sampled
    }
}
