// OCPP date-times: written in UTC with milliseconds (`2026-11-21T10:15:30.123Z`), read from any
// RFC 3339 form. Hand-written calendar arithmetic keeps this target free of Foundation; the
// conversion from a `Date` lives with the clocks, in StationCore (`Timestamp+Date.swift`).

/// An instant on the UTC time line with millisecond resolution, as OCPP messages carry it.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSince1970: Int64

    /// The instant `milliseconds` after the Unix epoch.
    public init(millisecondsSince1970 milliseconds: Int64) {
        millisecondsSince1970 = milliseconds
    }

    /// Parses an RFC 3339 date-time (`T` or space between date and time, optional fraction of
    /// any length, `Z` or a `±hh:mm` offset). Fractions below a millisecond are truncated.
    /// Returns nil for anything else.
    public init?(rfc3339 text: String) {
        guard let milliseconds = TimestampParser.parse(Array(text.utf8)) else { return nil }
        millisecondsSince1970 = milliseconds
    }

    /// The UTC text with exactly three fraction digits, e.g. `2026-11-21T10:15:30.123Z`.
    public var rfc3339: String {
        let milliseconds = Int64.floorMod(millisecondsSince1970, 1000)
        let seconds = Int64.floorDiv(millisecondsSince1970 - milliseconds, 1000)
        let days = Int64.floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Calendar.civil(fromDays: days)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); out.append(UInt8(ascii: "-"))
        digits(month, 2); out.append(UInt8(ascii: "-"))
        digits(day, 2); out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); out.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2); out.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2); out.append(UInt8(ascii: "."))
        digits(milliseconds, 3); out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { rfc3339 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.millisecondsSince1970 < rhs.millisecondsSince1970 }

    /// The instant `seconds` later.
    public func adding(seconds: Int) -> Timestamp {
        Timestamp(millisecondsSince1970: millisecondsSince1970 + Int64(seconds) * 1000)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let milliseconds = TimestampParser.parse(Array(text.utf8)) else {
            throw PayloadError(.invalidTimestamp(text), codingPath: decoder.codingPath)
        }
        millisecondsSince1970 = milliseconds
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}

extension Int64 {
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { (a - floorMod(a, b)) / b }
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { let r = a % b; return r < 0 ? r + b : r }
}

/// Proleptic Gregorian calendar arithmetic (days since 1970-01-01).
enum Calendar {
    /// Days since the epoch of a civil date.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = Int64.floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a count of days since the epoch.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = Int64.floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

enum TimestampParser {
    static func parse(_ s: [UInt8]) -> Int64? {
        var i = 0
        func number(_ count: Int) -> Int64? {
            guard i + count <= s.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let byte = s[i]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                i += 1
            }
            return value
        }
        func expect(_ allowed: UInt8...) -> Bool {
            guard i < s.count, allowed.contains(s[i]) else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")),
              let month = number(2), expect(UInt8(ascii: "-")),
              let day = number(2), expect(UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")),
              let hour = number(2), expect(UInt8(ascii: ":")),
              let minute = number(2), expect(UInt8(ascii: ":")),
              let second = number(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Calendar.daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var milliseconds: Int64 = 0
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") {
                if digits < 3 { milliseconds = milliseconds * 10 + Int64(s[i] - UInt8(ascii: "0")) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { milliseconds *= 10 }
        }
        var offsetMinutes: Int64 = 0
        guard i < s.count else { return nil }
        if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
            i += 1
        } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            let sign: Int64 = s[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let offsetHours = number(2), expect(UInt8(ascii: ":")), let offsetMinute = number(2),
                  offsetHours <= 23, offsetMinute <= 59
            else { return nil }
            offsetMinutes = sign * (offsetHours * 60 + offsetMinute)
        } else {
            return nil
        }
        guard i == s.count else { return nil }
        let days = Calendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
        return seconds * 1000 + milliseconds
    }
}
