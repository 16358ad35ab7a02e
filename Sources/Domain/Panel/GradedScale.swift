/// The graded scale some employers use (seed 001): 1–7, where 1–3 are below
/// the standard and 3 is a near miss. Off unless the panel policy turns it
/// on; then every recommendation is graded consistently with its outcome and
/// a direct observation may carry a grade.
public enum GradedScale {
    public static let grades = 1...7
    /// The highest grade below the standard: a near miss.
    public static let nearMiss = 3

    /// A recommendation's grade: required when grading is on, a PASS at 4 or
    /// above and a FAIL at 3 or below; none when the organisation does not grade.
    public static func check(grade: Int?, outcome: RecommendedOutcome, grading: Bool) throws(ValidationFailure) {
        guard grading else {
            if grade != nil { throw ValidationFailure(field: "grade", message: "Your organisation does not use the graded scale; leave the grade out.") }
            return
        }
        guard let grade else { throw ValidationFailure(field: "grade", message: "Grade the recommendation from 1 to 7 (4 or above for a PASS).") }
        switch outcome {
        case .pass where grade <= nearMiss:
            throw ValidationFailure(field: "grade", message: "A PASS is graded 4 or above; 1 to 3 are below the standard (3 a near miss).")
        case .fail where grade > nearMiss:
            throw ValidationFailure(field: "grade", message: "A FAIL is graded 3 or below; 4 and above meet the standard.")
        case .pass, .fail:
            return
        }
    }

    /// A grade on an assessor's judgement: direct observations only, and only where the organisation grades.
    public static func check(observationGrade grade: Int?, kind: EvidenceKind, grading: Bool) throws(ValidationFailure) {
        guard let grade else { return }
        if !grading { throw ValidationFailure(field: "grade", message: "Your organisation does not use the graded scale; leave the grade out.") }
        if kind != .directObservation { throw ValidationFailure(field: "grade", message: "Only direct observations are graded.") }
        if !grades.contains(grade) { throw ValidationFailure(field: "grade", message: "A grade from 1 to 7.") }
    }
}
