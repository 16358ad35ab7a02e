public import Domain
internal import Store
internal import PQ

/// The sufficiency check: are the year's recorded facts enough for an
/// accurate, valid, sufficient and robust recommendation, as of a date?
///
/// The result is a pure function of the portfolio, the enrolment's terms,
/// the policy and the date, so it is cached under exactly those (the
/// portfolio's revision is bumped by database triggers on every write to
/// evidence, judgements, mappings, absences and extensions). The caller's
/// access is checked on every request before the cache is consulted.
public struct CheckSufficiency: UseCase {
    public var enrolment: EnrolmentID
    /// Nil means today.
    public var asOf: CalendarDay?

    public init(_ enrolment: EnrolmentID, asOf: CalendarDay?) {
        self.enrolment = enrolment
        self.asOf = asOf
    }

    public func perform(on runner: UseCaseRunner, as credential: Credential, requestID: String) async throws -> SufficiencyReport {
        let day = asOf ?? runner.clock.today()
        // One round trip: caller, enrolment (with its revision) and policy version.
        let (caller, results) = try await runner.pipelined(
            as: credential, [EnrolmentRepository.findQuery(enrolment), EnrolmentRepository.policyVersionQuery(enrolment)])
        guard let record = try EnrolmentRepository.record(in: results[0], organisation: caller.organisationID),
              EnrolmentAccess.canView(caller, record.enrolment)
        else { throw Refusal.notFound("enrolment") }
        let key = SufficiencyCache.Key(
            enrolment: enrolment, enrolmentVersion: record.enrolment.version, portfolioRevision: record.portfolioRevision,
            policyVersion: try results[1][0].decode(at: 0), asOf: day)
        if let cached = runner.sufficiencyCache.value(for: key) { return cached }
        let enrolment = self.enrolment
        let (report, readKey) = try await runner.transaction(as: credential, requestID: requestID) { context in
            let portfolio = try context.portfolio(enrolment)
            let report = try context.sufficiency(of: portfolio, asOf: day)
            return (report, SufficiencyCache.Key(
                enrolment: enrolment, enrolmentVersion: portfolio.record.enrolment.version,
                portfolioRevision: portfolio.record.portfolioRevision, policyVersion: report.policyVersion, asOf: day))
        }
        // Stored under the key of what was actually read (it may be newer than the first look).
        runner.sufficiencyCache.store(report, for: readKey)
        return report
    }
}

extension UseCaseContext {
    /// Runs the check on a loaded portfolio under the organisation's current policy.
    func sufficiency(of portfolio: Portfolio, asOf: CalendarDay) throws -> SufficiencyReport {
        let policy = try PolicyRepository.current(for: organisation, on: connection)
        let findings = SufficiencyCheck.run(
            portfolio: portfolio.items, frameworks: portfolio.frameworks, clock: portfolio.clock, policy: policy,
            openMatters: try ConcernRepository.openMatters(for: portfolio.record.enrolment.id, organisation: organisation, asOf: asOf, on: connection),
            asOf: asOf)
        return SufficiencyReport(findings: findings, asOf: asOf, policy: policy, frameworks: portfolio.frameworks)
    }
}
