// The TLS rules of the Security Whitepaper on the station's side: the cipher suites it offers,
// and which security event a failed handshake is.

import NIOSSL
import StationCore

/// The link's TLS policy and the reading of its failures.
enum TLSFailure {
    /// The TLS 1.2 cipher suites offered (OpenSSL names): the whitepaper's four
    /// (ECDHE-ECDSA and RSA key exchange with AES-GCM) and the ECDHE-RSA pair with AES-GCM, which
    /// OCPP 2.0.1 adds, so that a central system with an RSA certificate keeps forward secrecy
    /// (Python's and most servers' defaults offer no plain-RSA key exchange). TLS 1.3 suites
    /// (all AEAD) are BoringSSL's and cannot be narrowed.
    static let whitepaperCipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
        "AES128-GCM-SHA256", "AES256-GCM-SHA384",
    ].joined(separator: ":")

    /// The security event a connection failure stands for, if it is one: a server certificate
    /// that failed verification (untrusted, expired, wrong host) is InvalidCentralSystemCertificate;
    /// a TLS version or cipher suite the server does not share, InvalidTLSVersion or
    /// InvalidTLSCipherSuite.
    static func securityEvent(of error: any Error) -> SecurityEventKind? {
        let text = String(describing: error).uppercased()
        if error is NIOSSLExtraError || text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("CERTIFICATE") && text.contains("VERIFY") {
            return .invalidCentralSystemCertificate
        }
        if text.contains("PROTOCOL_VERSION") || text.contains("UNSUPPORTED_PROTOCOL") || text.contains("WRONG_VERSION") {
            return .invalidTLSVersion
        }
        if text.contains("NO_SHARED_CIPHER") || text.contains("NO_CIPHERS") || text.contains("HANDSHAKE_FAILURE") {
            return .invalidTLSCipherSuite
        }
        return nil
    }
}
