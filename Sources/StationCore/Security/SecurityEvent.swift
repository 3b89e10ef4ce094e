// A security event as the OCPP 1.6 Security Whitepaper (edition 3) lists them: what happened,
// when, and a short technical note; the critical ones are also sent to the central system.

public import OCPP

/// The kind of a security event (the whitepaper's security event table).
public enum SecurityEventKind: String, Sendable, CaseIterable, Hashable, Codable {
    case firmwareUpdated = "FirmwareUpdated"
    case failedToAuthenticateAtCentralSystem = "FailedToAuthenticateAtCentralSystem"
    case centralSystemFailedToAuthenticate = "CentralSystemFailedToAuthenticate"
    case settingSystemTime = "SettingSystemTime"
    case startupOfTheDevice = "StartupOfTheDevice"
    case resetOrReboot = "ResetOrReboot"
    case securityLogWasCleared = "SecurityLogWasCleared"
    case reconfigurationOfSecurityParameters = "ReconfigurationOfSecurityParameters"
    case memoryExhaustion = "MemoryExhaustion"
    case invalidMessages = "InvalidMessages"
    case attemptedReplayAttacks = "AttemptedReplayAttacks"
    case tamperDetectionActivated = "TamperDetectionActivated"
    case invalidFirmwareSignature = "InvalidFirmwareSignature"
    case invalidFirmwareSigningCertificate = "InvalidFirmwareSigningCertificate"
    case invalidCentralSystemCertificate = "InvalidCentralSystemCertificate"
    case invalidChargePointCertificate = "InvalidChargePointCertificate"
    case invalidTLSVersion = "InvalidTLSVersion"
    case invalidTLSCipherSuite = "InvalidTLSCipherSuite"

    /// Whether the whitepaper marks the event critical: critical events are sent to the central
    /// system as SecurityEventNotification (queued and retried like transaction messages); the
    /// others are only written to the security log.
    public var isCritical: Bool {
        switch self {
        case .firmwareUpdated, .settingSystemTime, .startupOfTheDevice, .resetOrReboot, .securityLogWasCleared, .memoryExhaustion,
             .tamperDetectionActivated:
            true
        default:
            false
        }
    }
}

/// One entry of the security log.
public struct SecurityEvent: Sendable, Equatable {
    /// What happened.
    public var kind: SecurityEventKind
    /// When it happened (the station's wall time).
    public var timestamp: Timestamp
    /// A technical note (at most 255 characters, never a secret).
    public var techInfo: String?

    /// Creates an event; `techInfo` is cut to the 255 characters SecurityEventNotification carries.
    public init(kind: SecurityEventKind, timestamp: Timestamp, techInfo: String? = nil) {
        self.kind = kind
        self.timestamp = timestamp
        self.techInfo = techInfo.map { String(String.UnicodeScalarView($0.unicodeScalars.prefix(255))) }
    }

    /// The SecurityEventNotification that reports the event.
    public var notification: SecurityEventNotification.Request {
        SecurityEventNotification.Request(
            type: BoundedString(stringLiteral: kind.rawValue), timestamp: timestamp, techInfo: techInfo.flatMap { try? BoundedString($0) }
        )
    }
}
