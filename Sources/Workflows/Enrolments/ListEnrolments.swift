internal import Domain
public import Store

/// The enrolments the caller may see, oldest start first: a coordinator's
/// whole cohort, an assessor's or line manager's NQSWs, an NQSW's own year.
public struct ListEnrolments: TransactionalUseCase {
    public var limit: Int
    public var offset: Int

    public init(limit: Int = 100, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }

    public func run(in context: UseCaseContext) throws -> [EnrolmentRecord] {
        try EnrolmentRepository.visible(to: context.caller, limit: limit, offset: offset, on: context.connection)
    }
}
