/// Who supervises an NQSW, from a day: the line manager or the assessor.
///
/// The allocation names a relation, not a person, so that supervision follows
/// whoever holds it now: when the assessor changes, the new assessor
/// supervises without a second change. The person who held the relation when
/// it was allocated is kept for the history. Until a coordinator allocates
/// one, the line manager supervises from the year's start.
public struct SupervisorAllocation: Sendable, Hashable {
    public enum Relation: String, Sendable, Hashable, Codable, CaseIterable {
        case lineManager = "line_manager"
        case assessor
    }

    public var relation: Relation
    /// Who held the relation when it was allocated.
    public var supervisorID: PersonID
    public var fromOn: CalendarDay
    public var reason: String
    public var recordedBy: PersonID?

    public init(relation: Relation, supervisorID: PersonID, fromOn: CalendarDay, reason: String, recordedBy: PersonID?) {
        self.relation = relation
        self.supervisorID = supervisorID
        self.fromOn = fromOn
        self.reason = reason
        self.recordedBy = recordedBy
    }

    /// The relation allocated on `day`: the latest allocation from that day or before, else the line manager.
    public static func relation(on day: CalendarDay, in allocations: [SupervisorAllocation]) -> Relation {
        allocations.filter { $0.fromOn <= day }.max { $0.fromOn < $1.fromOn }?.relation ?? .lineManager
    }

    /// The person who holds `relation` in the year now.
    public static func person(_ relation: Relation, of enrolment: Enrolment) -> PersonID {
        switch relation {
        case .lineManager: enrolment.lineManagerID
        case .assessor: enrolment.assessorID
        }
    }

    /// A new allocation's checks: a reason, a day within the year so far and
    /// after the last allocation, and a change from the relation then allocated.
    public static func validate(_ proposed: SupervisorAllocation, after allocations: [SupervisorAllocation], start: CalendarDay,
                                today: CalendarDay) throws(ValidationFailure) {
        var issues: [FieldIssue] = []
        if proposed.reason.trimmingWhitespace().isEmpty { issues.append(FieldIssue(field: "reason", message: "Say why supervision moves.")) }
        if proposed.fromOn > today || proposed.fromOn < start {
            issues.append(FieldIssue(field: "fromOn", message: "Within the year so far (\(start) to \(today))."))
        } else if let last = allocations.map(\.fromOn).max(), proposed.fromOn <= last {
            issues.append(FieldIssue(field: "fromOn", message: "After the last change of supervisor (\(last))."))
        } else if relation(on: proposed.fromOn, in: allocations) == proposed.relation {
            issues.append(FieldIssue(field: "relation", message: "The \(proposed.relation.spoken) already supervises the NQSW on \(proposed.fromOn)."))
        }
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }
}

extension SupervisorAllocation.Relation {
    /// As a sentence says it.
    public var spoken: String {
        switch self {
        case .lineManager: "line manager"
        case .assessor: "assessor"
        }
    }
}
