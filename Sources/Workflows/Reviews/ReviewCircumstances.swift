internal import Domain
internal import Store

extension UseCaseContext {
    /// The changes of assessor a review held on `heldOn` must account for:
    /// every change since the last signed review before it (or the year's start).
    func assessorChanges(_ record: EnrolmentRecord, reviewHeldOn heldOn: CalendarDay, excluding review: ReviewID?) throws -> [AssessorChangeSummary] {
        let previous = try ReviewRepository.reviews(of: record.enrolment.id, organisation: organisation, on: connection)
            .filter { $0.machine.state == .signed && $0.heldOn < heldOn && $0.id != review }
            .map(\.heldOn).max() ?? record.enrolment.startDate.adding(days: -1)
        return try AssessorChangeRepository.changes(record.enrolment.id, after: previous, through: heldOn, on: connection)
    }

    /// Refuses circumstances that leave a change of assessor unaccounted for, naming it.
    static func requireCircumstances(_ text: String?, cover changes: [AssessorChangeSummary], when: String) throws(ValidationFailure) {
        let missing = AssessorChangeSummary.unaccounted(changes, in: text)
        guard let first = missing.first else { return }
        throw ValidationFailure(field: "assessorChangeCircumstances",
                                message: "The circumstances \(when) must account for every change of assessor since the last review; "
                                    + "the change on \(first.changedOn.spoken) (\(first.from) to \(first.to)) is missing.")
    }
}
