/// Whether an NQSW's supervision met the policy: each required interval met
/// or missed, records whose copy was late, cancellations never rescheduled.
public struct SupervisionCompliance: Sendable, Hashable {
    public struct Interval: Sendable, Hashable {
        public var from: CalendarDay
        /// Exclusive.
        public var to: CalendarDay
        public var frequency: String
        public var sessionsHeld: Int
        public var met: Bool { sessionsHeld > 0 }
    }

    public struct LateRecord: Sendable, Hashable {
        public var session: SupervisionID
        public var heldOn: CalendarDay
        public var copyDue: CalendarDay
        /// `nil`: still not given.
        public var copyGivenOn: CalendarDay?
    }

    public struct UnrescheduledCancellation: Sendable, Hashable {
        public var session: SupervisionID
        public var cancelledFor: CalendarDay
        public var reportDue: CalendarDay
        public var reportedOn: CalendarDay?
        /// Past its report date without a report.
        public var overdue: Bool
    }

    public var intervals: [Interval]
    public var lateRecords: [LateRecord]
    public var unrescheduled: [UnrescheduledCancellation]

    public var missedIntervals: Int { intervals.filter { !$0.met }.count }
    public var isCompliant: Bool { missedIntervals == 0 && lateRecords.isEmpty && unrescheduled.allSatisfy { !$0.overdue } }

    /// Checks every interval that has ended by `asOf`. Only individual,
    /// formal sessions count; a recorded absence pauses the clock, so an
    /// interval stretches by the absent days inside it.
    public static func check(
        sessions: [SupervisionSession], start: CalendarDay, policy: SupervisionPolicy, calendar: WorkingCalendar, asOf: CalendarDay,
        absences: [Absence] = []
    ) -> SupervisionCompliance {
        let heldDays = sessions.filter(\.countsTowardStandard).map(\.scheduledFor)
        var intervals: [Interval] = []
        var from = start
        var offset = 0
        bands: for band in policy.bands {
            while band.untilDay.map({ offset < $0 }) ?? true {
                let length = band.untilDay.map { min(band.everyDays, $0 - offset) } ?? band.everyDays
                let to = absences.pushing(from.adding(days: length), from: from)
                guard to <= asOf else { break bands }
                intervals.append(Interval(from: from, to: to, frequency: band.name, sessionsHeld: heldDays.filter { $0 >= from && $0 < to }.count))
                from = to
                offset += length
            }
        }
        var late: [LateRecord] = []
        var unrescheduled: [UnrescheduledCancellation] = []
        for session in sessions where session.scheduledFor <= asOf {
            switch session.outcome {
            case .held:
                let due = calendar.adding(workingDays: policy.copyWithinWorkingDays, to: session.scheduledFor)
                let given = session.copyGivenOn.flatMap { $0 <= asOf ? $0 : nil }
                if let given, given <= due { continue }
                if given == nil && asOf <= due { continue }
                late.append(LateRecord(session: session.id, heldOn: session.scheduledFor, copyDue: due, copyGivenOn: given))
            case .cancelled(_, let rescheduledTo, let reportedOn):
                // Rescheduled means a session was held on the new date; until that date
                // it may still be, after it the cancellation stands. The clock runs
                // from the cancelled session either way.
                if let rescheduledTo, rescheduledTo > asOf || sessions.contains(where: { $0.wasHeld && $0.scheduledFor == rescheduledTo }) { continue }
                let due = session.scheduledFor.adding(days: policy.reportUnrescheduledWithinDays)
                let reported = reportedOn.flatMap { $0 <= asOf ? $0 : nil }
                unrescheduled.append(UnrescheduledCancellation(
                    session: session.id, cancelledFor: session.scheduledFor, reportDue: due, reportedOn: reported,
                    overdue: reported.map { $0 > due } ?? (asOf > due)))
            }
        }
        return SupervisionCompliance(intervals: intervals, lateRecords: late, unrescheduled: unrescheduled)
    }
}
