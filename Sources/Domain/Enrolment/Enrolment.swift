/// An NQSW's Assessed and Supported Year in Employment with one employer.
///
/// The year is pinned to a setting (child and family, or adults), which
/// decides the Knowledge and Skills Statements it is assessed against, and
/// runs from `startDate` for twelve months of full-time work (longer, pro
/// rata, for part-time contracts).
public struct Enrolment: Sendable, Hashable {
    /// The practice setting, which decides the KSS statement set.
    public enum Setting: String, Sendable, Hashable, Codable, CaseIterable {
        case childAndFamily = "child_and_family"
        case adults
    }

    /// Where the year stands. The ASYE itself ends only in pass or fail.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active
        case passed
        case failed
        case withdrawn
    }

    public var id: EnrolmentID
    public var organisationID: OrganisationID
    public var nqswID: PersonID
    public var setting: Setting
    public var startDate: CalendarDay
    /// Contracted working time as a fraction of full time (1 = full time).
    public var fte: ContractedTime
    public var assessorID: PersonID
    public var lineManagerID: PersonID
    public var status: Status
    /// Bumped on every change; the basis of `ETag` / `If-Match`.
    public var version: Int

    public init(
        id: EnrolmentID, organisationID: OrganisationID, nqswID: PersonID, setting: Setting,
        startDate: CalendarDay, fte: ContractedTime, assessorID: PersonID, lineManagerID: PersonID,
        status: Status = .active, version: Int = 1
    ) {
        self.id = id
        self.organisationID = organisationID
        self.nqswID = nqswID
        self.setting = setting
        self.startDate = startDate
        self.fte = fte
        self.assessorID = assessorID
        self.lineManagerID = lineManagerID
        self.status = status
        self.version = version
    }
}

/// Contracted hours as thousandths of full time, so that 0.6 FTE is exact
/// and pro-rata arithmetic never suffers binary rounding.
public struct ContractedTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Thousandths of full time, 100...1000.
    public let thousandths: Int

    /// Full time.
    public static let fullTime = ContractedTime(validThousandths: 1000)

    private init(validThousandths: Int) {
        self.thousandths = validThousandths
    }

    /// A fraction of full time between 0.1 and 1, to three decimal places.
    public init?(fraction: Double) {
        guard fraction.isFinite else { return nil }
        let scaled = (fraction * 1000).rounded()
        guard abs(scaled - fraction * 1000) < 1e-6, scaled >= 100, scaled <= 1000 else { return nil }
        self.thousandths = Int(scaled)
    }

    /// From the database's `numeric(4,3)` text, e.g. `0.600`.
    public init?(decimalText: String) {
        guard let value = Double(decimalText) else { return nil }
        self.init(fraction: value)
    }

    /// The fraction, e.g. 0.6.
    public var fraction: Double { Double(thousandths) / 1000 }

    public static func < (lhs: ContractedTime, rhs: ContractedTime) -> Bool {
        lhs.thousandths < rhs.thousandths
    }

    /// Three decimals, as stored.
    public var description: String {
        let whole = thousandths / 1000
        let rest = String(thousandths % 1000)
        return "\(whole).\(String(repeating: "0", count: 3 - rest.count))\(rest)"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Double.self)
        guard let time = ContractedTime(fraction: value) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a fraction of full time between 0.1 and 1")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fraction)
    }
}
