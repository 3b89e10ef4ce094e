// Reads the envelope of an OCPP-J frame (message type, id, action) straight from its bytes,
// without parsing the payload: the benchmark CSMS must cost microseconds, not the station's parser.

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The envelope of one OCPP-J frame.
enum ScannedFrame: Equatable {
    /// `[2, "id", "Action", {...}]`; `payload` is the byte range of the payload object.
    case call(id: String, action: String, payload: Range<Int>)
    /// `[3, "id", {...}]`.
    case callResult(id: String)
    /// `[4, "id", "code", "description", {...}]`.
    case callError(id: String)
}

/// Scans the envelope of an OCPP-J frame; nil when the bytes are not one.
enum FrameScanner {
    static func scan(_ bytes: UnsafeRawBufferPointer) -> ScannedFrame? {
        var index = 0
        func skipSpace() {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\n") || bytes[index] == UInt8(ascii: "\r") || bytes[index] == UInt8(ascii: "\t") {
                index += 1
            }
        }
        func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        /// A string without escapes (ids and action names never hold any).
        func string() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }
        guard expect(UInt8(ascii: "[")) else { return nil }
        skipSpace()
        guard index < bytes.count else { return nil }
        let type = bytes[index]
        index += 1
        guard expect(UInt8(ascii: ",")), let id = string() else { return nil }
        switch type {
        case UInt8(ascii: "2"):
            guard expect(UInt8(ascii: ",")), let action = string(), expect(UInt8(ascii: ",")) else { return nil }
            skipSpace()
            var end = bytes.count - 1
            while end > index, bytes[end] != UInt8(ascii: "]") { end -= 1 }
            return .call(id: id, action: action, payload: index..<end)
        case UInt8(ascii: "3"):
            return .callResult(id: id)
        case UInt8(ascii: "4"):
            return .callError(id: id)
        default:
            return nil
        }
    }

    /// Whether the payload bytes hold `"key":"value"` (as the station writes it, without spaces).
    static func contains(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ needle: StaticString) -> Bool {
        let pattern = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard pattern.count <= range.count else { return false }
        var start = range.lowerBound
        while start + pattern.count <= range.upperBound {
            if memcmp(bytes.baseAddress! + start, pattern.baseAddress!, pattern.count) == 0 { return true }
            start += 1
        }
        return false
    }
}
