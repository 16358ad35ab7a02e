public import Foundation

/// Text conversions for `timestamptz`, with microsecond precision.
///
/// Connections set `TimeZone = 'UTC'` and `DateStyle = 'ISO'`, so the server
/// prints `2026-11-24 13:27:26.123456+00`; parsing still honours any offset.
public enum PQTimestamp {
    /// Formats an instant as ISO 8601 in UTC, rounded to the microsecond.
    public static func format(_ date: Date) -> String {
        let micros = Int((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (y, m, d) = PQCivil.date(days: days)
        return PQCivil.pad(y, 4) + "-" + PQCivil.pad(m, 2) + "-" + PQCivil.pad(d, 2) + "T"
            + PQCivil.pad(secondOfDay / 3600, 2) + ":" + PQCivil.pad(secondOfDay / 60 % 60, 2) + ":"
            + PQCivil.pad(secondOfDay % 60, 2) + "." + PQCivil.pad(fraction, 6) + "Z"
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z|±HH[:MM[:SS]]]`.
    public static func parse(_ text: Substring) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// Parses a whole string.
    public static func parse(_ text: String) -> Date? {
        parse(text[...])
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<width {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                index += 1
            }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
              (1...12).contains(month), (1...PQCivil.daysIn(month: month, year: year)).contains(day),
              index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x54
        else { return nil }
        index += 1
        guard let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A), let second = number(2),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var micros = 0
        if expect(0x2E) {
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if digits < 6 { micros = micros * 10 + Int(bytes[index] - 0x30) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        var offset = 0
        if expect(0x5A) {
            offset = 0
        } else if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
            let sign = bytes[index] == 0x2D ? -1 : 1
            index += 1
            guard let oh = number(2) else { return nil }
            var om = 0
            var os = 0
            if expect(0x3A) { guard let m = number(2) else { return nil }; om = m }
            if expect(0x3A) { guard let s = number(2) else { return nil }; os = s }
            offset = sign * (oh * 3600 + om * 60 + os)
        }
        guard index == bytes.count else { return nil }
        let days = PQCivil.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}
