// The one place where the certificate and signed-firmware code raises security events and reads
// the Security extension's configuration keys (both owned by the security-profile side).

import OCPP

/// The security events this side raises (Security Whitepaper, security events list).
enum SecurityEventName: String, Sendable {
    case invalidCentralSystemCertificate = "InvalidCentralSystemCertificate"
    case invalidChargePointCertificate = "InvalidChargePointCertificate"
    case invalidFirmwareSigningCertificate = "InvalidFirmwareSigningCertificate"
    case invalidFirmwareSignature = "InvalidFirmwareSignature"
}

/// The Security extension's keys that the certificate code reads.
struct SecurityKeys {
    /// CpoName (the O of the CSR's subject); empty when unset.
    var cpoName: String
    /// CertificateStoreMaxLength (≤ 0: no limit).
    var certificateStoreMaxLength: Int
    /// CertificateSignedMaxChainSize (≤ 0: the message's own limit of 10,000 characters).
    var certificateSignedMaxChainSize: Int
}

extension Station {
    /// Raises a security event (logged; sent per the security log's rules).
    func securityEvent(_ event: SecurityEventName, techInfo: String) {
        log("security event \(event.rawValue): \(techInfo)")
    }

    /// The keys as the configuration holds them now.
    var securityKeys: SecurityKeys {
        func value(_ name: String) -> String? { ConfigurationKey(rawValue: name).flatMap { configuration.value(of: $0) } }
        return SecurityKeys(
            cpoName: value("CpoName") ?? "",
            certificateStoreMaxLength: value("CertificateStoreMaxLength").flatMap { Int($0) } ?? 0,
            certificateSignedMaxChainSize: value("CertificateSignedMaxChainSize").flatMap { Int($0) } ?? 0
        )
    }
}
