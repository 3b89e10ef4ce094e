// CertificateHashData computed from certificates equals openssl's OCSP CertID (SecurityFixtures):
// hash of the DER issuer name, hash of the issuer's public key bits, serial without leading zeroes.

import OCPP
@testable import StationCore
import X509
import XCTest

final class CertificateHashDataTests: XCTestCase {
    private func check(
        _ pem: String, issuer issuerPEM: String, _ expected: (nameHash: String, keyHash: String, serial: String),
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let hash = try CertificateHashData(Certificate(pemEncoded: pem), issuer: Certificate(pemEncoded: issuerPEM))
        XCTAssertEqual(hash.hashAlgorithm, .sha256, file: file, line: line)
        XCTAssertEqual(hash.issuerNameHash.value, expected.nameHash, file: file, line: line)
        XCTAssertEqual(hash.issuerKeyHash.value, expected.keyHash, file: file, line: line)
        let serial = expected.serial.drop { $0 == "0" }
        XCTAssertEqual(hash.serialNumber.value, String(serial), "hex without leading zeroes", file: file, line: line)
    }

    func testSelfSignedECRootMatchesOpenSSL() throws {
        try check(SecurityFixtures.ecRoot, issuer: SecurityFixtures.ecRoot, SecurityFixtures.ecRootIds)
        XCTAssertEqual(try CertificateHashData(Certificate(pemEncoded: SecurityFixtures.ecRoot), issuer: Certificate(pemEncoded: SecurityFixtures.ecRoot)).serialNumber.value, "a1b2c3d4e5f")
    }

    func testLeafHashesItsIssuersNameAndKey() throws {
        try check(SecurityFixtures.leaf, issuer: SecurityFixtures.ecRoot, SecurityFixtures.leafIds)
    }

    func testRSARootMatchesOpenSSL() throws {
        try check(SecurityFixtures.rsaRoot, issuer: SecurityFixtures.rsaRoot, SecurityFixtures.rsaRootIds)
    }

    func testIdentificationIgnoresCaseAndLeadingZeroes() throws {
        let hash = try CertificateHashData(Certificate(pemEncoded: SecurityFixtures.ecRoot), issuer: Certificate(pemEncoded: SecurityFixtures.ecRoot))
        var asSent = hash
        asSent.issuerNameHash = try BoundedString(hash.issuerNameHash.value.uppercased())
        asSent.serialNumber = "0A1B2C3D4E5F"
        XCTAssertTrue(hash.identifies(asSent))
        asSent.serialNumber = "A1B2C3D4E5E"
        XCTAssertFalse(hash.identifies(asSent))
    }
}
