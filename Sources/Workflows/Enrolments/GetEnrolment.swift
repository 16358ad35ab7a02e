public import Domain
public import Store
public import PQ

/// One enrolment. The hottest read: its statement does not depend on the
/// caller, so it travels with the caller lookup in one round trip and the
/// row is checked against the caller afterwards (need-to-know, 404).
public struct GetEnrolment: PipelinedUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public var statements: [PQQuery] { [EnrolmentRepository.findQuery(enrolment)] }

    public func decode(_ results: [PQResult], caller: Caller) throws -> EnrolmentRecord {
        guard let record = try EnrolmentRepository.record(in: results[0], organisation: caller.organisationID),
              EnrolmentAccess.canView(caller, record.enrolment)
        else { throw Refusal.notFound("enrolment") }
        return record
    }
}
