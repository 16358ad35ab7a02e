internal import Foundation

/// A GOV.UK date input: day, month and year in three boxes under one legend.
///
/// People type dates as they say them ("3 9 2026"), not as ISO text; the
/// three boxes are put together into the API's `YYYY-MM-DD` before the same
/// parser checks them, so a page and an API client are refused alike.
struct DateInput: Sendable {
    var name: String
    var legend: String
    var hint: String
    var day: String
    var month: String
    var year: String
    var error: String?

    /// The inputs each template shows, by field, with their legends; the renderer fills in what was typed and any error.
    static let fields: [String: [(name: String, legend: String, hint: String?)]] = [
        "review-new": [("heldOn", "When was the review held?", nil)],
        "panel-new": [("sitsOn", "When does the panel sit?", nil),
                      ("evidenceDeadline", "When is the deadline for evidence?", "Packs close on this date, before the panel sits. For example, 6 1 2027")],
        "panel-case": [("deadline", "New deadline, for a deferral or referral back", "For example, 31 3 2027")],
        "escalation": [("referredOn", "When was the referral made? (only with a referral)", nil)],
        "portfolio": [
            ("changedOn", "When does the new assessor take over?", nil), ("handoverOn", "When was the handover meeting?", nil),
            ("scheduledFor", "When was the session?", nil), ("rescheduledTo", "Rescheduled to (if it was)", nil),
            ("actions-0-dueOn", "By when?", nil),
        ],
    ]

    /// Those of `template`, from the values a form came back with and the errors it had.
    static func inputs(for template: String, form: [String: String]?, errors: [String: String]) -> [String: DateInput] {
        var inputs: [String: DateInput] = [:]
        for (name, legend, hint) in fields[template] ?? [] {
            inputs[name] = DateInput(name: name, legend: legend, hint: hint ?? "For example, 27 3 2026", day: form?["\(name)-day"] ?? "",
                                     month: form?["\(name)-month"] ?? "", year: form?["\(name)-year"] ?? "", error: errors[name])
        }
        return inputs
    }

    /// What a page says for the API's "not a date": in the boxes' own terms.
    static let notADate = "Enter a real date, with the day, month and year as numbers, for example 27 3 2026"
}

extension FormBody {
    /// The date typed into `name`'s three boxes as `YYYY-MM-DD`, or as typed
    /// (so the parser names the field) when it is not a whole date; nil when
    /// all three are blank.
    func date(_ name: String) -> String? {
        let parts = [self["\(name)-year"], self["\(name)-month"], self["\(name)-day"]]
        if parts.allSatisfy({ $0 == nil }) { return self[name] }
        let numbers = parts.map { $0.flatMap { Int($0) } }
        if let year = numbers[0], let month = numbers[1], let day = numbers[2], (1000...9999).contains(year) {
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        return parts.map { $0 ?? "" }.joined(separator: "/")
    }
}
