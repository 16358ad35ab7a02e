/// Statements × periods: how much evidence each KSS statement and PCF domain
/// has in each quarter of the year, and how it was judged. What an assessor
/// and a panel look at first.
public struct EvidenceMatrix: Sendable, Hashable {
    public struct Cell: Sendable, Hashable {
        public var period: Int
        public var count = 0
        public var meets = 0
        public var partlyMeets = 0
        public var doesNotYetMeet = 0
        public var unjudged = 0
        public var contradictory = 0
    }

    public struct Row: Sendable, Hashable {
        public var framework: Framework.Kind
        public var statement: FrameworkStatement
        public var cells: [Cell]
    }

    public var rows: [Row]

    /// Builds the matrix from evidence of practice up to `asOf` that was entered by then.
    public static func build(items: [EvidenceItem], frameworks: PinnedFrameworks, clock: YearClock, asOf: CalendarDay) -> EvidenceMatrix {
        var rows = (frameworks.kss.statements.map { (Framework.Kind.kss, $0) } + frameworks.pcf.statements.map { (.pcf, $0) })
            .map { Row(framework: $0.0, statement: $0.1, cells: (0..<4).map { Cell(period: $0) }) }
        let index = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($0.element.statement.code, $0.offset) })
        for item in items where item.practiceDate <= asOf && item.addedOn <= asOf {
            guard let period = clock.period(of: item.practiceDate) else { continue }
            for code in item.statements {
                guard let row = index[code] else { continue }
                rows[row].cells[period].count += 1
                switch item.standing {
                case .unjudged: rows[row].cells[period].unjudged += 1
                case .contradictory: rows[row].cells[period].contradictory += 1
                case .judged(let judgement):
                    switch judgement.level {
                    case .meets: rows[row].cells[period].meets += 1
                    case .partlyMeets: rows[row].cells[period].partlyMeets += 1
                    case .doesNotYetMeet: rows[row].cells[period].doesNotYetMeet += 1
                    }
                }
            }
        }
        return EvidenceMatrix(rows: rows)
    }

    /// RFC 4180 CSV, one line per statement and period.
    public var csv: String {
        var lines = ["framework,code,number,title,period,count,meets,partly_meets,does_not_yet_meet,unjudged,contradictory"]
        for row in rows {
            for cell in row.cells {
                let title = "\"" + row.statement.title.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
                lines.append([row.framework.rawValue, row.statement.code, String(row.statement.number), title,
                              SufficiencyCheck.periodNames[cell.period], String(cell.count), String(cell.meets), String(cell.partlyMeets),
                              String(cell.doesNotYetMeet), String(cell.unjudged), String(cell.contradictory)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
