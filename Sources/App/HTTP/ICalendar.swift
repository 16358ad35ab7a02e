internal import Foundation

/// An RFC 5545 calendar, written by hand: CRLF line ends, text escaped, lines
/// folded at 75 octets, times local to Europe/London with its VTIMEZONE.
struct ICalendar {
    struct Event {
        var uid: String
        var sequence: Int
        var start: (date: String, minutes: Int)
        var end: (date: String, minutes: Int)
        var summary: String
        var location: String
        var description: String
        var cancelled: Bool
    }

    var events: [Event]
    var stamp: Date

    var text: String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Quorum//ASYE panels//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:ASYE panels",
                     "BEGIN:VTIMEZONE", "TZID:Europe/London",
                     "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST", "DTSTART:19810329T010000",
                     "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
                     "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT", "DTSTART:19961027T020000",
                     "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
                     "END:VTIMEZONE"]
        let stampText = Self.utc(stamp)
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:\(event.uid)", "DTSTAMP:\(stampText)", "SEQUENCE:\(event.sequence)",
                      "DTSTART;TZID=Europe/London:\(Self.local(event.start))", "DTEND;TZID=Europe/London:\(Self.local(event.end))",
                      "SUMMARY:\(Self.escape(event.summary))", "LOCATION:\(Self.escape(event.location))",
                      "DESCRIPTION:\(Self.escape(event.description))", "STATUS:\(event.cancelled ? "CANCELLED" : "CONFIRMED")", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `YYYYMMDDTHHMMSS` from `YYYY-MM-DD` and minutes after midnight.
    static func local(_ time: (date: String, minutes: Int)) -> String {
        let hours = time.minutes / 60, minutes = time.minutes % 60
        return time.date.replacingOccurrences(of: "-", with: "") + "T" + (hours < 10 ? "0" : "") + String(hours) + (minutes < 10 ? "0" : "") + String(minutes) + "00"
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String { let text = String(value ?? 0); return String(repeating: "0", count: max(0, width - text.count)) + text }
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T" + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2) + "Z"
    }

    /// RFC 5545 §3.3.11: backslash, semicolon and comma escaped; newlines as `\n`.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": break
            default: out.append(character)
            }
        }
        return out
    }

    /// RFC 5545 §3.1: lines longer than 75 octets continue after CRLF and a space,
    /// never splitting a UTF-8 character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets + size > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
