// The checks of a CertificateSigned chain as values: the CSR (subject, signature), and refusal of a
// certificate for another key, an oversized chain, garbage PEM and a chain to another root.

import Crypto
import FoundationEssentials
@testable import StationCore
import X509
import XCTest

final class ChargePointCertificateTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_795_255_200)

    private func refusal(
        _ chain: String, key: String?, roots: [Certificate], maximum: Int = 0
    ) async -> ChargePointCertificateRefusal? {
        do throws(ChargePointCertificateRefusal) {
            _ = try await ChargePointCredentials.check(chain: chain, pendingKeyPEM: key, roots: roots, now: now, maximumCharacters: maximum)
            return nil
        } catch {
            return error
        }
    }

    func testCSRCarriesTheChargePointIdAndCpoNameAndIsSigned() throws {
        let request = try CertificateRequest(chargePointId: "CP-7", organization: "Example CPO")
        let csr = try CertificateSigningRequest(pemEncoded: request.csrPEM)
        XCTAssertEqual(csr.subject.description, "O=Example CPO,CN=CP-7")
        XCTAssertTrue(csr.publicKey.isValidSignature(csr.signature, for: csr))
        let key = try P256.Signing.PrivateKey(pemRepresentation: request.privateKeyPEM)
        XCTAssertEqual(csr.publicKey, Certificate.PublicKey(key.publicKey), "the CSR is for the pending key")
    }

    func testAMatchingChainToAnInstalledRootIsAccepted() async throws {
        let ca = try TestCertificateAuthority()
        let request = try CertificateRequest(chargePointId: "CP-7", organization: "")
        let chain = try ca.sign(csr: request.csrPEM)
        let credentials = try await ChargePointCredentials.check(
            chain: chain, pendingKeyPEM: request.privateKeyPEM, roots: [ca.certificate], now: now, maximumCharacters: 10_000
        )
        XCTAssertEqual(ChargePointCredentials(fileContent: credentials.fileContent), credentials, "key and chain read back together")
    }

    func testBadChainsAreRefused() async throws {
        let ca = try TestCertificateAuthority()
        let request = try CertificateRequest(chargePointId: "CP-7", organization: "")
        let chain = try ca.sign(csr: request.csrPEM)
        let other = try CertificateRequest(chargePointId: "CP-7", organization: "")
        let forAnotherKey = await refusal(try ca.sign(csr: other.csrPEM), key: request.privateKeyPEM, roots: [ca.certificate])
        XCTAssertEqual(forAnotherKey, .keyMismatch)
        let oversized = await refusal(chain, key: request.privateKeyPEM, roots: [ca.certificate], maximum: 100)
        XCTAssertEqual(oversized, .tooLong(characters: chain.unicodeScalars.count, maximum: 100))
        guard case .unreadable = await refusal("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", key: request.privateKeyPEM, roots: [ca.certificate]) else {
            return XCTFail("garbage PEM accepted")
        }
        let otherRoot = await refusal(chain, key: request.privateKeyPEM, roots: [try TestCertificateAuthority(name: "Other CA").certificate])
        XCTAssertEqual(otherRoot, .notTrusted, "a chain that does not end in an installed root")
        let noRequest = await refusal(chain, key: nil, roots: [ca.certificate])
        XCTAssertEqual(noRequest, .noPendingRequest)
        let expired = try ca.issue(
            for: try CertificateSigningRequest(pemEncoded: request.csrPEM).publicKey, subject: DistinguishedName { CommonName("CP-7") },
            notAfter: Date(timeIntervalSince1970: 1_700_000_000)
        )
        let expiredRefusal = await refusal(expired, key: request.privateKeyPEM, roots: [ca.certificate])
        XCTAssertEqual(expiredRefusal, .notTrusted, "expired")
    }
}
