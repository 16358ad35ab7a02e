public import Domain
internal import Store
internal import PQ
internal import Foundation

/// The sufficiency check: are the year's recorded facts enough for an
/// accurate, valid, sufficient and robust recommendation, as of a date (and,
/// optionally, as recorded by a date)?
///
/// The result is a pure function of the year's inputs and the dates, so both
/// are cached by exact revision (``SufficiencyCache``): a first round trip
/// reads the caller and, in one statement, the enrolment with its revision and
/// the policy version;
/// on a miss a second reads every input in one pipeline. The caller's access
/// is checked on every request before either cache is consulted.
public struct CheckSufficiency: UseCase {
    public var enrolment: EnrolmentID
    /// Nil means today.
    public var asOf: CalendarDay?
    public var knownAt: CalendarDay?
    /// The outcome the assessor is about to recommend, if any: the check as
    /// the submission will meet it.
    public var proposedOutcome: RecommendedOutcome?

    public init(_ enrolment: EnrolmentID, asOf: CalendarDay?, knownAt: CalendarDay? = nil, proposedOutcome: RecommendedOutcome? = nil) {
        self.enrolment = enrolment
        self.asOf = asOf
        self.knownAt = knownAt
        self.proposedOutcome = proposedOutcome
    }

    public func perform(on runner: UseCaseRunner, as credential: Credential, requestID: RequestIdentity) async throws -> EncodedSufficiency {
        let today = runner.clock.today()
        let lookup = EnrolmentRepository.revisionQuery(enrolment)
        let (caller, results) = try await runner.pipelined(as: credential, [lookup])
        let record = try visible(results, to: caller)
        let dates = CheckDates(asOf: asOf ?? today, knownAt: knownAt)
        try CheckDates.validate(asOf: dates.asOf, knownAt: dates.knownAt, yearStart: record.enrolment.startDate, today: today)
        var inputsKey = try Self.key(record, revision: results[0])
        if let cached = runner.sufficiencyCache.value(for: .init(inputs: inputsKey, dates: dates, proposedOutcome: proposedOutcome)) { return cached }
        let inputs: SufficiencyInputs
        if let cached = runner.sufficiencyCache.inputs(for: inputsKey) {
            inputs = cached
        } else {
            let readFrameworks = FrameworkRepository.cached(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID) == nil
            let (reader, loaded) = try await runner.pipelined(
                as: credential, [lookup] + SufficiencyInputsRepository.queries(for: enrolment, readFrameworks: readFrameworks))
            // Read again with the inputs, in the same snapshot: the key names what was actually read.
            let current = try visible(loaded, to: reader)
            inputs = try SufficiencyInputsRepository.inputs(of: current, from: Array(loaded.dropFirst()))
            inputsKey = try Self.key(current, revision: loaded[0])
            runner.sufficiencyCache.store(inputs, for: inputsKey)
        }
        let result = SufficiencyCheck.run(inputs, dates: dates, proposedOutcome: proposedOutcome)
        let encoded = EncodedSufficiency(SufficiencyReport(result, policy: inputs.policy, frameworks: inputs.frameworks))
        runner.sufficiencyCache.store(encoded.cached, for: .init(inputs: inputsKey, dates: dates, proposedOutcome: proposedOutcome))
        return encoded
    }

    private func visible(_ results: [PQResult], to caller: Caller) throws -> EnrolmentRecord {
        guard let record = try EnrolmentRepository.record(in: results[0], organisation: caller.organisationID),
              EnrolmentAccess.canView(caller, record.enrolment)
        else { throw Refusal.notFound("enrolment") }
        return record
    }

    private static func key(_ record: EnrolmentRecord, revision rows: PQResult) throws -> SufficiencyCache.InputsKey {
        SufficiencyCache.InputsKey(enrolment: record.enrolment.id, enrolmentVersion: record.enrolment.version,
                                   portfolioRevision: record.portfolioRevision, policyVersion: try rows[0].decode(at: 18))
    }
}

extension UseCaseContext {
    /// The check on the year as it stands in this transaction.
    func sufficiency(of record: EnrolmentRecord, dates: CheckDates, proposedOutcome: RecommendedOutcome? = nil) throws -> CheckedSufficiency {
        let inputs = try SufficiencyInputsRepository.load(record, on: connection)
        let result = SufficiencyCheck.run(inputs, dates: dates, proposedOutcome: proposedOutcome)
        return CheckedSufficiency(
            result: result, report: SufficiencyReport(result, policy: inputs.policy, frameworks: inputs.frameworks), inputs: inputs, record: record)
    }
}

/// A check run inside a transaction, with what it read.
struct CheckedSufficiency {
    var result: SufficiencyResult
    var report: SufficiencyReport
    var inputs: SufficiencyInputs
    var record: EnrolmentRecord

    /// The run to keep, as it was shown.
    func run(occasion: SufficiencyRun.Occasion, source: (id: UUID, version: Int)?, note: String?, by person: PersonID, on day: CalendarDay) throws -> SufficiencyRun {
        SufficiencyRun(
            id: UUID(), enrolmentID: record.enrolment.id, occasion: occasion, source: source, note: note, asOf: result.dates.asOf,
            knownAt: result.dates.knownAt, recordedOn: day, recordedBy: person, portfolioRevision: record.portfolioRevision,
            enrolmentVersion: record.enrolment.version, policyVersion: inputs.policy.version, kssFramework: inputs.frameworks.kss.id,
            pcfFramework: inputs.frameworks.pcf.id, criteriaMet: report.criteriaMet, report: try report.json())
    }
}

extension SufficiencyReport {
    /// As stored: keys sorted, so the same report is always the same text.
    func json() throws -> String {
        String(decoding: jsonBytes, as: UTF8.self)
    }
}

/// A check's JSON, written once: a cached check is served without being
/// encoded again, and the cache holds one buffer per result, not thousands
/// of strings. The report's values are at hand when the check was just run,
/// and read back from the JSON (for a page) when it came from the cache.
public struct EncodedSufficiency: Sendable {
    public let json: [UInt8]
    private let values: SufficiencyReport?

    init(_ report: SufficiencyReport) {
        values = report
        json = report.jsonBytes
    }

    /// As the cache keeps it: the JSON only.
    var cached: EncodedSufficiency { EncodedSufficiency(json: json) }

    private init(json: [UInt8]) {
        self.json = json
        values = nil
    }

    /// The report's values.
    public var report: SufficiencyReport {
        get throws {
            if let values { return values }
            return try JSONDecoder().decode(SufficiencyReport.self, from: Data(json))
        }
    }
}
