public import Foundation
internal import Domain
internal import Store

/// A moderator, coordinator or deciding chair reads a sampled case's pack;
/// an external moderator reads it anonymised. Every read is audited.
public struct ReadModerationPack: TransactionalUseCase {
    public var sample: UUID
    /// The case's number in the sample.
    public var number: Int

    public init(_ sample: UUID, number: Int) {
        self.sample = sample
        self.number = number
    }

    public func run(in context: UseCaseContext) throws -> PackReading {
        let visible = try context.visibleSample(sample)
        let sampled = try context.sampledCase(number, in: visible)
        guard let record = visible.cases[sampled.caseID],
              let enrolment = try EnrolmentRepository.find(record.enrolmentID, in: context.organisation, on: context.connection)
        else { throw Refusal.notFound("case") }
        if case .chair(let panels) = visible.standing, !panels.contains(record.panelID) { throw Refusal.notFound("case") }
        let role = switch visible.standing {
        case .moderator: Role.moderator.rawValue
        case .coordinator: Role.coordinator.rawValue
        case .chair: "panel_chair"
        }
        try AuditLog.recordReads(of: .panelCase, [record.id.uuid], action: "moderation.pack_read", organisation: context.organisation,
                                 actor: context.actor(named: role), on: context.connection)
        let pack = try PanelPackRepository.load(enrolment, asOf: context.today, on: context.connection)
        return PackReading(pack: pack, label: "Sample case \(sampled.number)", anonymised: visible.standing.anonymised,
                           gaps: RecordCompleteness.gaps(pack.tracker, decisionSigned: record.decision?.signedOn != nil))
    }
}
