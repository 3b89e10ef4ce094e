// Human-readable logs on stderr, one line each with a UTC time.

#if canImport(Glibc)
import Glibc
#endif
import OCPP
import StationHAL

enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    @Sendable static func log(_ line: String) {
        write("\(Timestamp(SystemClock().wallTime).rfc3339) \(line)\n")
    }
}
