public import Foundation
internal import Domain
internal import Store

/// One escalation with its referral pack and the PSW's notes; the read is audited.
public struct GetEscalation: TransactionalUseCase {
    public var escalation: UUID

    public init(_ escalation: UUID) {
        self.escalation = escalation
    }

    public func run(in context: UseCaseContext) throws -> EscalationStatus {
        let record = try context.visibleEscalation(escalation)
        try context.recordEscalationReads([record.id])
        return try context.escalationStatus(record)
    }
}
