/// How an outgoing assessor handed an NQSW over to the next one.
///
/// The seeds ask for a *formal* handover: the current assessor plans
/// continuing support with the coordinator and the team manager, and they meet.
/// So a handover names its date, who attended — the outgoing and incoming
/// assessors and a coordinator or line manager at least — the plan for
/// continuing support and a note of what was handed over. "No handover" is
/// for exceptional circumstances only, from a fixed list, with an explanation.
public enum Handover: Sendable, Hashable {
    case held(HeldHandover)
    case none(NoHandover)

    /// Why there could be no handover meeting: the exceptional circumstances Quorum accepts.
    public enum Exception: String, Sendable, Hashable, Codable, CaseIterable {
        case outgoingLeftWithoutNotice = "outgoing_left_without_notice"
        case outgoingLongTermAbsence = "outgoing_long_term_absence"
        case outgoingSuspended = "outgoing_suspended"
        case otherExceptional = "other_exceptional"
    }

    /// The fields of a request, as given.
    public struct Request: Sendable, Hashable {
        public var heldOn: CalendarDay?
        public var attendees: [PersonID]
        public var continuingSupport: String?
        public var note: String?
        public var exception: String?
        public var explanation: String?

        public init(heldOn: CalendarDay?, attendees: [PersonID], continuingSupport: String?, note: String?, exception: String?, explanation: String?) {
            self.heldOn = heldOn
            self.attendees = attendees
            self.continuingSupport = continuingSupport
            self.note = note
            self.exception = exception
            self.explanation = explanation
        }

        var asksForHandover: Bool { heldOn != nil || !attendees.isEmpty || continuingSupport != nil || note != nil }
    }

    /// Checks a request against the people it names. `roles` holds the roles
    /// of everyone named, as found in the organisation (absent = not there).
    public static func validate(_ request: Request, from outgoing: PersonID, to incoming: PersonID, roles: [PersonID: Set<Role>],
                                yearStart: CalendarDay, today: CalendarDay) throws(ValidationFailure) -> Handover {
        var issues = FieldIssues()
        if let exception = request.exception {
            if request.asksForHandover {
                issues.add("noHandoverCategory", "Record either the handover or why there was none, not both.")
            }
            let parsed = Exception(rawValue: exception)
            if parsed == nil { issues.add("noHandoverCategory", "Expected one of: \(Exception.allCases.map(\.rawValue).joined(separator: ", ")).") }
            let explanation = request.explanation ?? ""
            if explanation.trimmingWhitespace().isEmpty { issues.add("noHandoverReason", "Explain why no handover could be held.") }
            try issues.throwIfAny()
            return .none(NoHandover(exception: parsed!, explanation: explanation))
        }
        if request.explanation != nil && !request.asksForHandover {
            issues.add("noHandoverCategory", "Without a handover, choose the exceptional circumstance that prevented it.")
        }
        switch request.heldOn {
        case nil: issues.add("handoverOn", "Give the date of the handover meeting.")
        case let day? where day < yearStart || day > today:
            issues.add("handoverOn", "The handover falls within the year so far (\(yearStart) to \(today)).")
        case .some: break
        }
        let attendees = request.attendees
        if !attendees.contains(outgoing) { issues.add("handoverAttendeeIds", "The outgoing assessor attends the handover.") }
        if !attendees.contains(incoming) { issues.add("handoverAttendeeIds", "The incoming assessor attends the handover.") }
        if attendees.contains(where: { roles[$0] == nil }) { issues.add("handoverAttendeeIds", "Everyone attending is someone in this organisation.") }
        if !attendees.contains(where: { roles[$0]?.contains(.coordinator) == true || roles[$0]?.contains(.lineManager) == true }) {
            issues.add("handoverAttendeeIds", "A coordinator or the team manager attends the handover as well.")
        }
        if (request.continuingSupport ?? "").trimmingWhitespace().isEmpty {
            issues.add("continuingSupport", "Record the plan for continuing support agreed at the handover.")
        }
        if (request.note ?? "").trimmingWhitespace().isEmpty { issues.add("handoverNote", "Record what was handed over.") }
        try issues.throwIfAny()
        return .held(HeldHandover(heldOn: request.heldOn!, attendees: Array(Set(attendees)).sorted { $0.description < $1.description },
                                  continuingSupport: request.continuingSupport!, note: request.note!))
    }
}

/// A handover meeting as held.
public struct HeldHandover: Sendable, Hashable {
    public var heldOn: CalendarDay
    public var attendees: [PersonID]
    public var continuingSupport: String
    public var note: String

    public init(heldOn: CalendarDay, attendees: [PersonID], continuingSupport: String, note: String) {
        self.heldOn = heldOn
        self.attendees = attendees
        self.continuingSupport = continuingSupport
        self.note = note
    }
}

/// No handover, for an exceptional reason.
public struct NoHandover: Sendable, Hashable {
    public var exception: Handover.Exception
    public var explanation: String

    public init(exception: Handover.Exception, explanation: String) {
        self.exception = exception
        self.explanation = explanation
    }
}

/// A change of assessor as the next review must account for it.
public struct AssessorChangeSummary: Sendable, Hashable {
    public var changedOn: CalendarDay
    public var from: String
    public var to: String
    /// The handover's date and who attended (names), or nil with the exception.
    public var handoverOn: CalendarDay?
    public var attendees: [String]
    public var noHandover: String?

    public init(changedOn: CalendarDay, from: String, to: String, handoverOn: CalendarDay?, attendees: [String], noHandover: String?) {
        self.changedOn = changedOn
        self.from = from
        self.to = to
        self.handoverOn = handoverOn
        self.attendees = attendees
        self.noHandover = noHandover
    }

    /// One line for the review's circumstances.
    public var line: String {
        let handover = handoverOn.map { "handover on \($0.spoken) attended by \(attendees.joined(separator: ", "))" }
            ?? "no handover (\(noHandover ?? "exceptional circumstances"))"
        return "Assessor changed on \(changedOn.spoken) from \(from) to \(to); \(handover)."
    }

    /// The circumstances a review starts from: one line per change since the last review.
    public static func prefill(_ changes: [AssessorChangeSummary]) -> String {
        changes.map(\.line).joined(separator: "\n")
    }

    /// The changes `text` does not account for: each is named by its date (as
    /// written by ``prefill(_:)``, or in ISO form), so with two changes in a
    /// year, circumstances that mention one are refused.
    public static func unaccounted(_ changes: [AssessorChangeSummary], in text: String?) -> [AssessorChangeSummary] {
        let text = text ?? ""
        return changes.filter { !text.contains($0.changedOn.spoken) && !text.contains($0.changedOn.description) }
    }
}
