internal import Hummingbird
internal import Domain

/// Query-string parameters, validated like body fields.
enum Query {
    static func int(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw Problem.validation([.init(field: name, message: "Expected a whole number from \(range.lowerBound) to \(range.upperBound).")])
        }
        return number
    }

    /// A date parameter, `YYYY-MM-DD`; nil when absent (the use case then reads today from its clock).
    static func day(_ request: Request, _ name: String) throws -> CalendarDay? {
        guard let text = request.uri.queryParameters[name[...]] else { return nil }
        guard let day = CalendarDay(iso: String(text)) else {
            throw Problem.validation([.init(field: name, message: "Expected a date as YYYY-MM-DD.")])
        }
        return day
    }

    /// One of a closed set of values; nil when absent, 422 naming the choices otherwise.
    static func choice<Choice: RawRepresentable & CaseIterable>(_ request: Request, _ name: String, as: Choice.Type) throws -> Choice?
    where Choice.RawValue == String {
        guard let text = request.uri.queryParameters[name[...]] else { return nil }
        guard let choice = Choice(rawValue: String(text)) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem.validation([.init(field: name, message: "Expected one of: \(allowed).")])
        }
        return choice
    }

    /// `format=json` (default) or `format=csv`.
    enum Format: String, CaseIterable {
        case json
        case csv
    }

    static func format(_ request: Request) throws -> Format {
        let text = request.uri.queryParameters["format"].map(String.init) ?? Format.json.rawValue
        guard let format = Format(rawValue: text) else {
            throw Problem.validation([.init(field: "format", message: "Expected json or csv.")])
        }
        return format
    }
}
