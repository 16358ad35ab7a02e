/// A versioned framework evidence is mapped to: a Knowledge and Skills
/// Statement set (one per practice setting) or the Professional Capabilities
/// Framework's domains at ASYE level.
///
/// Frameworks are reference data loaded by migrations, never rules in code: a
/// new version loads beside the old one, and each enrolment keeps the
/// versions it started under.
public struct Framework: Sendable, Hashable, Codable {
    /// Which family a framework belongs to.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Knowledge and Skills Statements.
        case kss
        /// Professional Capabilities Framework domains.
        case pcf
    }

    /// Stable id, e.g. `kss-child-family-2014`.
    public var id: String
    public var kind: Kind
    /// The setting a KSS set applies to; `nil` for the PCF (all settings).
    public var setting: Enrolment.Setting?
    public var version: String
    public var title: String
    public var statements: [FrameworkStatement]

    public init(id: String, kind: Kind, setting: Enrolment.Setting?, version: String, title: String, statements: [FrameworkStatement]) {
        self.id = id
        self.kind = kind
        self.setting = setting
        self.version = version
        self.title = title
        self.statements = statements
    }

    /// The statement with this code, if it belongs to this version.
    public func statement(_ code: String) -> FrameworkStatement? {
        statements.first { $0.code == code }
    }
}

/// One statement (KSS) or domain (PCF).
public struct FrameworkStatement: Sendable, Hashable, Codable {
    /// Unique across frameworks, e.g. `KSS-CF-7` or `PCF-6`.
    public var code: String
    public var number: Int
    public var title: String

    public init(code: String, number: Int, title: String) {
        self.code = code
        self.number = number
        self.title = title
    }
}

/// The two framework versions an enrolment is assessed against.
public struct PinnedFrameworks: Sendable, Hashable {
    public var kss: Framework
    public var pcf: Framework

    public init(kss: Framework, pcf: Framework) {
        self.kss = kss
        self.pcf = pcf
    }

    /// Every statement and domain, KSS first.
    public var allStatements: [FrameworkStatement] { kss.statements + pcf.statements }

    /// Checks that every code belongs to these versions; names each that does not.
    public func validateMapping(_ codes: [String], field: String) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if codes.isEmpty {
            issues.append(FieldIssue(field: field, message: "Map the evidence to at least one KSS statement or PCF domain."))
        }
        for code in codes where kss.statement(code) == nil && pcf.statement(code) == nil {
            issues.append(FieldIssue(
                field: field,
                message: "\(code) is not in this year's frameworks (\(kss.title) \(kss.version), \(pcf.title) \(pcf.version))."))
        }
        if Set(codes).count != codes.count {
            issues.append(FieldIssue(field: field, message: "A statement is listed twice."))
        }
        return issues
    }
}
