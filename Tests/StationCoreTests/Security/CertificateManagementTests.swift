// The certificate messages through a running station: InstallCertificate refusing bad input with a
// security event, GetInstalledCertificateIds and DeleteCertificate, and the profile 3 flow
// (ExtendedTriggerMessage SignChargePointCertificate, SignCertificate, CertificateSigned).

import OCPP
@testable import StationCore
import StationTesting
import X509
import XCTest

final class CertificateManagementTests: StationTestCase {
    private func install(_ pem: String, _ use: CertificateUse = .centralSystemRootCertificate) async throws -> InstallCertificate.InstallCertificateStatus {
        try await csms.send(InstallCertificate.Request(certificateType: use, certificate: BoundedString(pem))).get().status
    }

    /// The kinds in the station's persistent security log, oldest first.
    private func securityEvents() async -> [SecurityEventKind] {
        await harness.station.securityLog().map(\.kind)
    }

    func testInstallListAndDeleteRootCertificates() async throws {
        try await startStation()
        let none = try await csms.send(GetInstalledCertificateIds.Request(certificateType: .centralSystemRootCertificate)).get()
        XCTAssertEqual(none.status, .notFound)
        let first = try await install(SecurityFixtures.ecRoot)
        let second = try await install(SecurityFixtures.rsaRoot)
        XCTAssertEqual([first, second], [.accepted, .accepted])
        let listed = try await csms.send(GetInstalledCertificateIds.Request(certificateType: .centralSystemRootCertificate)).get()
        XCTAssertEqual(listed.certificateHashData?.map(\.serialNumber.value), ["a1b2c3d4e5f", "7f00000000000001"])
        XCTAssertEqual(listed.certificateHashData?.first?.issuerKeyHash.value, SecurityFixtures.ecRootIds.keyHash)
        XCTAssertEqual(SecurityCredentials.centralSystemRoots(in: harness.store).count, 2, "the link's trust roots")
        let hashes = try XCTUnwrap(listed.certificateHashData)
        let deleted = try await csms.send(DeleteCertificate.Request(certificateHashData: hashes[0])).get()
        XCTAssertEqual(deleted.status, .accepted)
        let last = try await csms.send(DeleteCertificate.Request(certificateHashData: hashes[1])).get()
        XCTAssertEqual(last.status, .failed, "the last CentralSystemRootCertificate stays")
        let gone = try await csms.send(DeleteCertificate.Request(certificateHashData: hashes[0])).get()
        XCTAssertEqual(gone.status, .notFound)
    }

    func testBadCertificatesAreRejectedWithASecurityEvent() async throws {
        try await startStation()
        let garbage = try await install("-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----")
        let expired = try await install(SecurityFixtures.expiredRoot, .manufacturerRootCertificate)
        XCTAssertEqual([garbage, expired], [.rejected, .rejected])
        let events = await securityEvents().filter { $0 != .startupOfTheDevice }
        XCTAssertEqual(events, [.invalidCentralSystemCertificate, .invalidFirmwareSigningCertificate])
        let ids = try await csms.send(GetInstalledCertificateIds.Request(certificateType: .manufacturerRootCertificate)).get()
        XCTAssertEqual(ids.status, .notFound, "nothing half-installed")
    }

    func testSignedCertificateForThePendingKeyIsInstalled() async throws {
        try await startStation()
        let ca = try TestCertificateAuthority()
        let installed = try await install(try ca.pem)
        XCTAssertEqual(installed, .accepted)
        let answer = try await csms.send(ExtendedTriggerMessage.Request(requestedMessage: .signChargePointCertificate)).get()
        XCTAssertEqual(answer.status, .accepted)
        try await expect("SignCertificate") { await !self.csms.requests(SignCertificate.Request.self).isEmpty }
        let csrPEM = try await first(SignCertificate.Request.self).csr.value
        let csr = try CertificateSigningRequest(pemEncoded: csrPEM)
        XCTAssertEqual(csr.subject.description, "CN=CP-TEST-1")
        XCTAssertFalse(harness.log.contains { $0.contains("PRIVATE KEY") }, "the key is never logged")

        let other = try CertificateRequest(chargePointId: "CP-TEST-1", organization: "")
        let wrongKey = try await csms.send(CertificateSigned.Request(certificateChain: BoundedString(try ca.sign(csr: other.csrPEM)))).get()
        XCTAssertEqual(wrongKey.status, .rejected)
        let events = await securityEvents()
        XCTAssertEqual(events.last, .invalidChargePointCertificate)
        let otherRoot = try TestCertificateAuthority(name: "Unknown CA")
        let untrusted = try await csms.send(CertificateSigned.Request(certificateChain: BoundedString(try otherRoot.sign(csr: csrPEM)))).get()
        XCTAssertEqual(untrusted.status, .rejected, "a chain that does not end in an installed root")
        XCTAssertNil(SecurityCredentials.chargePointIdentity(in: harness.secrets), "nothing installed by a refused chain")

        let chain = try ca.sign(csr: csrPEM)
        let accepted = try await csms.send(CertificateSigned.Request(certificateChain: BoundedString(chain))).get()
        XCTAssertEqual(accepted.status, .accepted)
        let identity = try XCTUnwrap(SecurityCredentials.chargePointIdentity(in: harness.secrets))
        XCTAssertEqual(try Certificate(pemEncoded: identity.certificateChainPEM), try Certificate(pemEncoded: chain))
        XCTAssertNil(harness.secrets.load(.pendingKey), "the pending key became the installed one")
    }
}

final class CertificateLimitTests: StationTestCase {
    func testStoreMaxLengthAndChainSizeComeFromTheConfiguration() async throws {
        try await startStation([.certificateStoreMaxLength: "1", .certificateSignedMaxChainSize: "300", .cpoName: "Example CPO"])
        let centralRoot = try await csms.send(InstallCertificate.Request(certificateType: .centralSystemRootCertificate, certificate: BoundedString(SecurityFixtures.ecRoot))).get()
        let second = try await csms.send(InstallCertificate.Request(certificateType: .manufacturerRootCertificate, certificate: BoundedString(SecurityFixtures.rsaRoot))).get()
        XCTAssertEqual([centralRoot.status, second.status], [.accepted, .rejected], "CertificateStoreMaxLength 1")

        _ = try await csms.send(ExtendedTriggerMessage.Request(requestedMessage: .signChargePointCertificate)).get()
        try await expect("SignCertificate") { await !self.csms.requests(SignCertificate.Request.self).isEmpty }
        let csr = try CertificateSigningRequest(pemEncoded: try await first(SignCertificate.Request.self).csr.value)
        XCTAssertEqual(csr.subject.description, "O=Example CPO,CN=CP-TEST-1")
        let chain = try TestCertificateAuthority().sign(csr: csr.serializeAsPEM().pemString)
        XCTAssertGreaterThan(chain.count, 300)
        let oversized = try await csms.send(CertificateSigned.Request(certificateChain: BoundedString(chain))).get()
        XCTAssertEqual(oversized.status, .rejected, "longer than CertificateSignedMaxChainSize")
        let events = await harness.station.securityLog().map(\.kind)
        XCTAssertEqual(events.last, .invalidChargePointCertificate)
    }

    func testACertificateExpiringWithin30DaysIsRenewedOnceRegistered() async throws {
        let ca = try TestCertificateAuthority()
        let request = try CertificateRequest(chargePointId: "CP-TEST-1", organization: "")
        let csr = try CertificateSigningRequest(pemEncoded: request.csrPEM)
        // The harness's clock starts on 2026-11-20; the certificate ends on 2026-12-01.
        let chain = try ca.issue(for: csr.publicKey, subject: csr.subject, notAfter: Date(timeIntervalSince1970: 1_796_083_200))
        harness = StationHarness()
        let installed = ChargePointCredentials(privateKeyPEM: request.privateKeyPEM, certificateChainPEM: chain)
        harness.secrets.save(.chargePointCredentials, installed.fileContent)
        try await harness.start()
        try await expect("SignCertificate for the expiring certificate") { await !self.csms.requests(SignCertificate.Request.self).isEmpty }
        XCTAssertNotNil(harness.secrets.load(.pendingKey))
        XCTAssertEqual(SecurityCredentials.chargePointIdentity(in: harness.secrets), installed, "the old certificate stays until the new one comes")
    }
}
