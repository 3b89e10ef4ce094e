// A security event as one line of the uploaded security log (GetLog SecurityLog, 1.6 and 2.0.1).

import OCPP

extension SecurityEvent {
    /// `time type[ (critical)][: techInfo]`, the time in RFC 3339 UTC.
    var logLine: String {
        "\(timestamp.rfc3339) \(kind.rawValue)\(kind.isCritical ? " (critical)" : "")\(techInfo.map { ": \($0)" } ?? "")"
    }
}
