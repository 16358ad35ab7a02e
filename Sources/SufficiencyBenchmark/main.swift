// Times the sufficiency check on a 300-item portfolio, in-process, in release.
// Prints `FIGURE sufficiency_300_ms <median> ms` (and the 99th percentile on stderr).
import Domain
import Foundation

let kss = Framework(id: "kss", kind: .kss, setting: .childAndFamily, version: "1", title: "KSS",
                    statements: (1...10).map { FrameworkStatement(code: "KSS-CF-\($0)", number: $0, title: "Statement \($0)") })
let pcf = Framework(id: "pcf", kind: .pcf, setting: nil, version: "1", title: "PCF",
                    statements: (1...9).map { FrameworkStatement(code: "PCF-\($0)", number: $0, title: "Domain \($0)") })
let frameworks = PinnedFrameworks(kss: kss, pcf: pcf)
let start = CalendarDay(year: 2025, month: 9, day: 1)!
let clock = YearClock(start: start, fte: ContractedTime(fraction: 0.8)!, absences: [
    Absence(start: CalendarDay(year: 2026, month: 1, day: 5)!, end: CalendarDay(year: 2026, month: 1, day: 16)!, kind: .sickness, reason: "flu"),
])
let assessor = PersonID.random()
let kinds = EvidenceKind.allCases
var generator = SystemRandomNumberGenerator()
let items: [EvidenceItem] = (0..<300).map { index in
    let day = start.adding(days: index * 450 / 300)
    let codes = (kss.statements + pcf.statements).map(\.code)
    let levels: [JudgementLevel] = [.meets, .meets, .meets, .partlyMeets, .doesNotYetMeet]
    var judgements = [Judgement(judgeID: assessor, level: levels[index % 5], feedback: "Feedback \(index)", recordedOn: day)]
    if index % 37 == 0 { judgements.append(Judgement(judgeID: .random(), level: .doesNotYetMeet, feedback: "Second view", recordedOn: day)) }
    return EvidenceItem(
        id: .random(), enrolmentID: .random(), kind: kinds[index % kinds.count], practiceDate: day, addedOn: day, authorID: assessor,
        description: "Evidence item \(index) with a description of the practice it shows",
        statements: [codes[index % codes.count], codes[(index * 7 + 3) % codes.count]],
        judgements: judgements, verification: index % 3 == 0 ? nil : Verification(verifierID: assessor, verifiedOn: day),
        aiUseSuspected: index == 150)
}
let asOf = CalendarDay(year: 2026, month: 11, day: 24)!
let inputs = SufficiencyInputs(
    items: items, frameworks: frameworks, clock: clock, policy: .standard,
    support: SupportHistory(
        concerns: [ConcernMatter(id: .random(), raisedOn: start.adding(days: 120), enteredOn: start.adding(days: 120), raisedBy: "A. Assessor",
                                 category: .progress, severity: .developmental, summary: "Assessments late", outcomeOn: nil)],
        plans: [PlanMatter(id: UUID(), openedOn: start.adding(days: 130), enteredOn: start.adding(days: 130), summary: "Weekly supervision", ending: nil)]))

var samples: [Double] = []
var sink = 0
for round in 0..<1100 {
    let begin = ContinuousClock.now
    let result = SufficiencyCheck.run(inputs, dates: CheckDates(asOf: asOf))
    let elapsed = ContinuousClock.now - begin
    sink &+= result.findings.reduce(0) { $0 + $1.reasons.count + $1.warnings.count }
    if round >= 100 { samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
}
samples.sort()
let median = samples[samples.count / 2]
let p99 = samples[samples.count * 99 / 100]
FileHandle.standardError.write("sufficiency check, 300 items: median \(median) ms, p99 \(p99) ms over \(samples.count) runs (\(sink) reasons)\n".data(using: .utf8)!)
print("FIGURE sufficiency_300_ms \(String(format: "%.3f", median)) ms")

// The same check at random dates within the year (as the uncached endpoint is driven), for the record on stderr.
var randomSamples: [Double] = []
var rng = SystemRandomNumberGenerator()
for _ in 0..<2000 {
    let span = start.days(until: asOf)
    let day = start.adding(days: Int.random(in: 0...span, using: &rng))
    let known = day.adding(days: Int.random(in: 0...day.days(until: asOf), using: &rng))
    let begin = ContinuousClock.now
    let result = SufficiencyCheck.run(inputs, dates: CheckDates(asOf: day, knownAt: known))
    let elapsed = ContinuousClock.now - begin
    sink &+= result.findings.count
    randomSamples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
}
randomSamples.sort()
FileHandle.standardError.write("at random dates: median \(randomSamples[randomSamples.count / 2]) ms, p99 \(randomSamples[randomSamples.count * 99 / 100]) ms\n".data(using: .utf8)!)
