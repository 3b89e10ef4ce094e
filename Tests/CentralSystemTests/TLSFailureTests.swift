// Which security event a failed TLS connection is: our verification of the server certificate,
// the server refusing our client certificate, or no common TLS version or cipher suite.

@testable import CentralSystem
import StationCore
import XCTest

final class TLSFailureTests: XCTestCase {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func testFailuresAreTheWhitepapersEvents() {
        let cases: [(String, SecurityEventKind?)] = [
            ("handshakeFailed(sslError([error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED]))", .invalidCentralSystemCertificate),
            ("handshakeFailed(sslError([error:10000460:SSL routines:OPENSSL_internal:TLSV13_ALERT_CERTIFICATE_REQUIRED]))", .failedToAuthenticateAtCentralSystem),
            ("handshakeFailed(sslError([error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE]))", .failedToAuthenticateAtCentralSystem),
            ("handshakeFailed(sslError([error:1000042e:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION]))", .invalidTLSVersion),
            ("handshakeFailed(sslError([error:10000410:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE]))", .invalidTLSCipherSuite),
            ("connection refused (errno: 111)", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(TLSFailure.securityEvent(of: Failure(description: text)), expected, text)
        }
    }

    func testOnlyTheWhitepapersSuitesAreOffered() {
        let suites = TLSFailure.whitepaperCipherSuites.split(separator: ":")
        XCTAssertEqual(suites.count, 6)
        XCTAssertTrue(suites.allSatisfy { $0.contains("GCM") }, "AEAD suites only")
    }
}
