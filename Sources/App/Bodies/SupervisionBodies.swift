internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// Sessions and compliance for one enrolment.
struct SupervisionBody: Encodable, Sendable {
    struct Action: Encodable, Sendable {
        var description: String
        var ownerId: String
        var dueOn: String
    }

    struct Addendum: Encodable, Sendable {
        var text: String
        var addedBy: String
        var addedOn: String
    }

    struct Session: Encodable, Sendable {
        var id: String
        var supervisorId: String
        var scheduledFor: String
        var kind: String
        /// "HH:MM", when recorded.
        var startsAt: String?
        var actions: [Action]
        var addenda: [Addendum]
        var held: Bool
        var durationMinutes: Int?
        var topics: String?
        var agreedActions: String?
        var cancellationReason: String?
        var rescheduledTo: String?
        /// When an unrescheduled cancellation was reported to the supervisor's line manager.
        var reportedOn: String?
        var supervisorSignedOn: String?
        var nqswSignedOn: String?
        var copyGivenOn: String?
        var version: Int

        init(_ session: SupervisionSession) {
            id = session.id.description
            supervisorId = session.supervisorID.description
            scheduledFor = session.scheduledFor.description
            kind = session.kind.rawValue
            startsAt = session.startsAt.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) }
            addenda = session.addenda.map { Addendum(text: $0.text, addedBy: $0.addedBy.description, addedOn: $0.addedOn.description) }
            actions = session.actions.map { Action(description: $0.description, ownerId: $0.ownerID.description, dueOn: $0.dueOn.description) }
            switch session.outcome {
            case .held(let minutes, let topics, let actions):
                held = true; durationMinutes = minutes; self.topics = topics; agreedActions = actions
            case .cancelled(let reason, let to, let reported):
                held = false; cancellationReason = reason; rescheduledTo = to?.description; reportedOn = reported?.description
            }
            supervisorSignedOn = session.supervisorSignedOn?.description
            nqswSignedOn = session.nqswSignedOn?.description
            copyGivenOn = session.copyGivenOn?.description
            version = session.version
        }
    }

    struct Interval: Encodable, Sendable {
        var from: String
        var to: String
        var frequency: String
        var sessionsHeld: Int
        var met: Bool
    }

    struct Late: Encodable, Sendable {
        var sessionId: String
        var heldOn: String
        var copyDue: String
        var copyGivenOn: String?
    }

    struct Unrescheduled: Encodable, Sendable {
        var sessionId: String
        var cancelledFor: String
        var reportDue: String
        var overdue: Bool
    }

    var asOf: String
    var supervisor: SupervisorBody
    var compliant: Bool
    var missedIntervals: Int
    var sessions: [Session]
    var intervals: [Interval]
    var lateRecords: [Late]
    var unrescheduledCancellations: [Unrescheduled]

    init(_ record: SupervisionRecord) {
        let compliance = record.compliance
        let sessions = record.sessions
        self.asOf = record.asOf.description
        supervisor = SupervisorBody(record.supervisor)
        compliant = compliance.isCompliant
        missedIntervals = compliance.missedIntervals
        self.sessions = sessions.map(Session.init)
        intervals = compliance.intervals.map { Interval(from: $0.from.description, to: $0.to.description, frequency: $0.frequency, sessionsHeld: $0.sessionsHeld, met: $0.met) }
        lateRecords = compliance.lateRecords.map { Late(sessionId: $0.session.description, heldOn: $0.heldOn.description, copyDue: $0.copyDue.description, copyGivenOn: $0.copyGivenOn?.description) }
        unrescheduledCancellations = compliance.unrescheduled.map {
            Unrescheduled(sessionId: $0.session.description, cancelledFor: $0.cancelledFor.description, reportDue: $0.reportDue.description, overdue: $0.overdue)
        }
    }
}

/// Who supervises the NQSW now, and every change of supervisor.
struct SupervisorBody: Encodable, Sendable {
    struct Allocation: Encodable, Sendable {
        var relation: String
        var supervisorId: String
        var fromOn: String
        var reason: String
        var recordedBy: String?
    }

    var relation: String
    var supervisorId: String
    var allocations: [Allocation]

    init(_ record: SupervisorRecord) {
        relation = record.relation.rawValue
        supervisorId = record.supervisorID.description
        allocations = record.allocations.map {
            Allocation(relation: $0.relation.rawValue, supervisorId: $0.supervisorID.description, fromOn: $0.fromOn.description, reason: $0.reason,
                       recordedBy: $0.recordedBy?.description)
        }
    }
}

/// One row of the organisation's compliance report.
struct SupervisionSummaryBody: Encodable, Sendable {
    var enrolmentId: String
    var nqswName: String
    var compliant: Bool
    var intervals: Int
    var missedIntervals: Int
    var lateRecords: Int
    var unrescheduledCancellations: Int
    var overdueReports: Int

    init(record: EnrolmentRecord, compliance: SupervisionCompliance) {
        enrolmentId = record.enrolment.id.description
        nqswName = record.nqswName
        compliant = compliance.isCompliant
        intervals = compliance.intervals.count
        missedIntervals = compliance.missedIntervals
        lateRecords = compliance.lateRecords.count
        unrescheduledCancellations = compliance.unrescheduled.count
        overdueReports = compliance.unrescheduled.filter(\.overdue).count
    }
}

/// The organisation's compliance report.
struct SupervisionComplianceBody: Encodable, Sendable {
    var asOf: String
    var items: [SupervisionSummaryBody]

    init(_ report: SupervisionComplianceReport) {
        asOf = report.asOf.description
        items = report.rows.map { SupervisionSummaryBody(record: $0.record, compliance: $0.compliance) }
    }
}
