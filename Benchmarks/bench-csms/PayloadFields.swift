// The few payload fields the fleet ledger needs, read straight from a frame's bytes: the
// transactionId of a StopTransaction or MeterValues and the timestamps of a MeterValues' samples.

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Reads named fields of a payload without parsing it whole. Keys are matched as `"key":`, with
/// spaces allowed after the colon (python's json writes them, the station does not).
enum PayloadFields {
    /// The integer after the first `"key":` in `range`, if any.
    static func integer(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, key: StaticString) -> Int? {
        guard var index = valueStart(bytes, range, key: key, from: range.lowerBound) else { return nil }
        var value = 0
        var digits = 0
        while index < range.upperBound, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        return digits > 0 ? value : nil
    }

    /// Every `"key":"<ISO 8601 UTC time>"` in `range`, as milliseconds since 1970, in order.
    static func times(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, key: StaticString) -> [Int64] {
        var times: [Int64] = []
        var from = range.lowerBound
        while let start = valueStart(bytes, range, key: key, from: from) {
            from = start
            guard start < range.upperBound, bytes[start] == UInt8(ascii: "\"") else { continue }
            var end = start + 1
            while end < range.upperBound, bytes[end] != UInt8(ascii: "\"") { end += 1 }
            if let time = milliseconds(UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<end])) { times.append(time) }
            from = end
        }
        return times
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or `+00:00`) as milliseconds since 1970; nil otherwise.
    static func milliseconds(_ text: UnsafeRawBufferPointer) -> Int64? {
        func number(_ at: Int, _ count: Int) -> Int64? {
            guard at + count <= text.count else { return nil }
            var value: Int64 = 0
            for index in at..<(at + count) {
                let byte = text[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2), let minute = number(14, 2),
              let second = number(17, 2)
        else { return nil }
        var millisecond: Int64 = 0
        if text.count > 19, text[19] == UInt8(ascii: ".") {
            var index = 20
            var scale: Int64 = 100
            while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
                millisecond += Int64(text[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        // Days from 1970-01-01 of a proleptic Gregorian date (the "days from civil" algorithm).
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond
    }

    /// Milliseconds since 1970 as `YYYY-MM-DDTHH:MM:SS.fffZ` (the inverse of `milliseconds(_:)`).
    static func text(milliseconds: Int64) -> String {
        let days = milliseconds / 86_400_000, rest = milliseconds % 86_400_000
        // The date of a day number (the "civil from days" algorithm).
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func digits(_ value: Int64, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))T\(digits(rest / 3_600_000, 2)):\(digits(rest / 60000 % 60, 2)):"
            + "\(digits(rest / 1000 % 60, 2)).\(digits(rest % 1000, 3))Z"
    }

    /// CLOCK_REALTIME in milliseconds since 1970.
    static func wallMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// The index of the first byte of the value after `"key":` (spaces skipped), searching from
    /// `from`; nil when the key does not occur.
    private static func valueStart(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, key: StaticString, from: Int) -> Int? {
        let name = UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        var index = from
        while index + name.count + 3 <= range.upperBound {
            if bytes[index] == UInt8(ascii: "\""), memcmp(bytes.baseAddress! + index + 1, name.baseAddress!, name.count) == 0,
               bytes[index + 1 + name.count] == UInt8(ascii: "\"")
            {
                var value = index + name.count + 2
                while value < range.upperBound, bytes[value] == UInt8(ascii: " ") { value += 1 }
                if value < range.upperBound, bytes[value] == UInt8(ascii: ":") {
                    value += 1
                    while value < range.upperBound, bytes[value] == UInt8(ascii: " ") { value += 1 }
                    return value
                }
            }
            index += 1
        }
        return nil
    }
}
