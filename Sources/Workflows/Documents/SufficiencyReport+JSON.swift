/// The report written by hand, once per check: the same JSON as
/// `JSONEncoder` with sorted keys (a test compares the two), at a fraction of
/// the cost — a 300-item report runs to tens of kilobytes, and encoding it
/// with `JSONEncoder` cost more than running the check.
extension SufficiencyReport {
    public func write(to json: inout JSONText) {
        json.raw("{\"asOf\":"); json.string(asOf)
        json.raw(",\"counts\":"); counts.write(to: &json)
        json.raw(",\"findings\":[")
        for (index, finding) in findings.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"criterion\":"); json.string(finding.criterion)
            json.raw(",\"met\":"); json.raw(finding.met ? "true" : "false")
            json.raw(",\"reasons\":"); Self.write(finding.reasons, to: &json)
            json.raw(",\"warnings\":"); Self.write(finding.warnings, to: &json)
            json.raw("}")
        }
        json.raw("]")
        if let knownAt { json.raw(",\"knownAt\":"); json.string(knownAt) }
        json.raw(",\"kssFramework\":"); json.string(kssFramework)
        json.raw(",\"pcfFramework\":"); json.string(pcfFramework)
        json.raw(",\"policyVersion\":"); json.int(policyVersion)
        json.raw("}")
    }

    /// The report's JSON bytes.
    public var jsonBytes: [UInt8] {
        var json = JSONText(capacity: 4096 + findings.reduce(0) { $0 + ($1.reasons.count + $1.warnings.count) * 300 })
        write(to: &json)
        return json.bytes
    }

    private static func write(_ reasons: [Reason], to json: inout JSONText) {
        json.raw("[")
        for (index, reason) in reasons.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"about\":"); json.string(reason.about)
            json.raw(",\"evidence\":[")
            for (position, id) in reason.evidence.enumerated() {
                if position > 0 { json.raw(",") }
                json.string(id)
            }
            json.raw("]")
            if let label = reason.label { json.raw(",\"label\":"); json.string(label) }
            json.raw(",\"remedy\":"); json.string(reason.remedy)
            if let subject = reason.subject { json.raw(",\"subject\":"); json.string(subject) }
            json.raw(",\"text\":"); json.string(reason.text)
            json.raw("}")
        }
        json.raw("]")
    }
}

extension SufficiencyReport.Counts {
    func write(to json: inout JSONText) {
        json.raw("{\"beforeStart\":"); json.int(beforeStart)
        json.raw(",\"byKind\":[")
        for (index, kind) in byKind.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"count\":"); json.int(kind.count)
            json.raw(",\"kind\":"); json.string(kind.kind)
            json.raw(",\"label\":"); json.string(kind.label)
            if let minimum = kind.minimum { json.raw(",\"minimum\":"); json.int(minimum) }
            json.raw("}")
        }
        json.raw("],\"coverage\":[")
        for (index, row) in coverage.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"below\":"); json.int(row.below)
            json.raw(",\"code\":"); json.string(row.code)
            json.raw(",\"contradictory\":"); json.int(row.contradictory)
            json.raw(",\"framework\":"); json.string(row.framework)
            json.raw(",\"items\":"); json.int(row.items)
            if let latest = row.latestPractice { json.raw(",\"latestPractice\":"); json.string(latest) }
            json.raw(",\"meets\":"); json.int(row.meets)
            json.raw(",\"number\":"); json.int(row.number)
            json.raw(",\"title\":"); json.string(row.title)
            json.raw(",\"unjudged\":"); json.int(row.unjudged)
            json.raw("}")
        }
        json.raw("]")
        if let earliestPractice { json.raw(",\"earliestPractice\":"); json.string(earliestPractice) }
        json.raw(",\"items\":"); json.int(items)
        if let latestPractice { json.raw(",\"latestPractice\":"); json.string(latestPractice) }
        json.raw(",\"periods\":[")
        for (index, period) in periods.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"count\":"); json.int(period.count)
            json.raw(",\"end\":"); json.string(period.end)
            json.raw(",\"name\":"); json.string(period.name)
            json.raw(",\"start\":"); json.string(period.start)
            json.raw("}")
        }
        json.raw("],\"verified\":"); json.int(verified)
        json.raw("}")
    }
}
