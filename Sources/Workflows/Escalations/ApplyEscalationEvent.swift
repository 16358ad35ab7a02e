public import Foundation
public import Domain
internal import Store

/// What the PSW does with an escalation.
public enum EscalationCommand: Sendable, Hashable {
    case acknowledge
    /// A private note: never shown to the NQSW or in the panel pack.
    case note(String)
    /// The decision, which may include a referral to Social Work England.
    case decide(EscalationDecision)
}

/// The principal social worker acknowledges, notes or decides an escalation,
/// through its machine, at the version read. A step entered later carries the
/// day it happened: not after today, not before the escalation or the PSW's
/// previous step.
public struct ApplyEscalationEvent: TransactionalUseCase {
    public var escalation: UUID
    public var expectedVersion: Int?
    public var command: EscalationCommand
    /// The day the step happened; today when not given.
    public var occurredOn: CalendarDay?

    public init(_ escalation: UUID, expectedVersion: Int?, command: EscalationCommand, occurredOn: CalendarDay? = nil) {
        self.escalation = escalation
        self.expectedVersion = expectedVersion
        self.command = command
        self.occurredOn = occurredOn
    }

    public func run(in context: UseCaseContext) throws -> EscalationStatus {
        var record = try context.visibleEscalation(escalation)
        try Refusal.require(context.caller.holds(.psw), "The principal social worker acknowledges and decides escalations.")
        try Refusal.requireVersion(expectedVersion, current: record.version)
        let previous = [record.escalatedOn, record.acknowledgedOn].compactMap(\.self).max() ?? record.escalatedOn
        let day = try OccurredOn.resolve(occurredOn, today: context.today, earliest: previous,
                                         after: record.acknowledgedOn == nil ? "it was escalated" : "it was acknowledged")
        let event: Escalation.Event
        let note: String?
        let name: String
        switch command {
        case .acknowledge: (event, note, name) = (.acknowledge, nil, "acknowledge")
        case .note(let text): (event, note, name) = (.note, text, "note")
        case .decide(let decision):
            try decision.validate()
            (event, note, name) = (.decide(decision), nil, "decide")
        }
        let effects: [Escalation.Effect]
        do { effects = try record.machine.apply(event) } catch {
            throw Refusal.conflict("\(error.reason) (state: \(error.state.name), event: \(name))", kind: "escalation-transition-refused")
        }
        guard let effect = effects.first else { throw Inconsistency("an escalation event with no effect") }
        guard try EscalationRepository.save(record, effect: effect, note: note, by: context.caller.personID, on: day,
                                            expectedVersion: record.version, organisation: context.organisation,
                                            actor: context.actor(.psw), on: context.connection)
        else { throw Refusal.stale(current: record.version + 1) }
        record = try context.visibleEscalation(escalation)
        return try context.escalationStatus(record)
    }
}
