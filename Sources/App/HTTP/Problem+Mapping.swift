internal import Domain
internal import Workflows
internal import Hummingbird
internal import Logging
internal import NIOCore

extension Problem {
    /// Maps any error a handler can throw to the problem a client should see.
    /// Only a genuine fault of ours becomes 500, and it leaks nothing.
    static func from(_ error: any Error, requestID: String, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let failure as ValidationFailure:
            return .validation(failure.issues)
        case let refusal as Refusal:
            return from(refusal)
        case let breach as RuleBreach:
            return from(breach)
        case let failure as EnrolmentError:
            return from(failure)
        case let fault as DatabaseFault:
            return from(fault, requestID: requestID, logger: logger)
        case let inconsistency as Inconsistency:
            logger.error("inconsistency", metadata: ["at": "\(inconsistency.location)"])
            return .internalError(requestID: requestID)
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, kind: "too-large", title: "The body is too large",
                           detail: "Request bodies are limited to 256 KiB.")
        case let error as HTTPError:
            return fromHummingbird(error)
        default:
            logger.error("unhandled error", metadata: ["error.type": "\(Swift.type(of: error))"])
            return .internalError(requestID: requestID)
        }
    }

    static func from(_ refusal: Refusal) -> Problem {
        switch refusal.code {
        case .unauthenticated: .unauthenticated(refusal.detail)
        case .forbidden: .forbidden(refusal.detail)
        case .notFound: Problem(.notFound, kind: "not-found", title: "Not found", detail: refusal.detail)
        case .conflict: .conflict(refusal.detail, kind: refusal.kind)
        case .stale: .stale(current: refusal.currentVersion ?? 0)
        }
    }

    /// A broken rule of the year: 409, typed by the rule, with the record and the deciding date.
    static func from(_ breach: RuleBreach) -> Problem {
        var problem = Problem(.conflict, kind: breach.rule.rawValue, title: "Refused by a rule of the year", detail: breach.detail)
        problem.rule = breach.rule.rawValue
        problem.record = breach.record
        problem.date = breach.date?.description
        return problem
    }

    static func from(_ error: EnrolmentError) -> Problem {
        switch error {
        case .notActive(let status):
            .conflict("This year has ended (\(status.rawValue)); its terms are part of the record and cannot change.", kind: "enrolment-closed")
        case .noChange:
            .validation([], detail: "The change does not change anything.")
        }
    }

    /// The kind of database trouble decides: integrity violations are the
    /// client's (409/422), a busy pool or lost database ours but temporary (503).
    static func from(_ fault: DatabaseFault, requestID: String, logger: Logger) -> Problem {
        switch fault.kind {
        case .busy:
            return .unavailable("Quorum is busy; try again in a moment.")
        case .unavailable:
            logger.warning("database unavailable", metadata: ["sqlstate": "\(fault.sqlState ?? "-")"])
            return .unavailable("The database is unavailable; try again in a moment.")
        case .duplicate:
            return .conflict(uniqueMessage(fault.constraint), kind: "duplicate")
        case .missingReference:
            return .validation([FieldIssue(field: field(of: fault.constraint), message: "Refers to something that does not exist here.")])
        case .notAllowed:
            return .validation([FieldIssue(field: field(of: fault.constraint), message: "This value is not allowed.")])
        case .nulCharacter:
            return .validation([], detail: "Text fields may not contain NUL characters.")
        case .concurrentChange:
            return .conflict("Someone else changed this at the same moment; try again.", kind: "concurrent-change")
        case .malformedValue:
            return .validation([], detail: "A value is out of range or malformed.")
        case .other:
            logger.error("database error", metadata: ["sqlstate": "\(fault.sqlState ?? "-")"])
            return .internalError(requestID: requestID)
        }
    }

    private static func uniqueMessage(_ constraint: String?) -> String {
        switch constraint {
        case "enrolments_one_active": "This NQSW already has a year in progress."
        case "people_email_key": "Someone with this email already exists."
        case "panel_decisions_case_id_key": "A decision is already recorded for this case; a decision is recorded once."
        case "decision_signatures_pkey": "The chair has already signed this decision."
        case "panel_cases_one_listing": "This recommendation is already listed at a panel."
        case "panel_cases_panel_id_case_number_key": "Another case was listed at this panel at the same moment; try again."
        case "panel_conflicts_pkey": "You have already declared a conflict for this case."
        case "moderation_reviews_sample_id_case_id_moderator_id_key": "You have already reviewed this case in this sample."
        default: "This already exists."
        }
    }

    /// A best guess at the API field a constraint guards, for the problem's `errors`.
    private static func field(of constraint: String?) -> String {
        guard let constraint else { return "body" }
        if constraint.contains("assessor") { return "assessorId" }
        if constraint.contains("line_manager") { return "lineManagerId" }
        if constraint.contains("nqsw") { return "nqswId" }
        if constraint.contains("fte") { return "fte" }
        if constraint.contains("start_date") { return "startDate" }
        return "body"
    }

    private static func fromHummingbird(_ error: HTTPError) -> Problem {
        switch error.status {
        case .notFound:
            return .notFound("such resource")
        case .contentTooLarge:
            return Problem(.contentTooLarge, kind: "too-large", title: "The body is too large",
                           detail: "Request bodies are limited to 256 KiB.")
        default:
            return Problem(error.status, kind: "http-\(error.status.code)", title: error.status.reasonPhrase,
                           detail: error.body ?? error.status.reasonPhrase)
        }
    }
}
