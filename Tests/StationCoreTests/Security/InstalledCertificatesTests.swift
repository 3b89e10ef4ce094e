// The installed root certificates: what is refused (garbage, expired, not a CA, store full), what
// deletion does (NotFound, the last CentralSystemRoot kept), and that the set survives its document.

import FoundationEssentials
import OCPP
@testable import StationCore
import X509
import XCTest

final class InstalledCertificatesTests: XCTestCase {
    /// 2026-11-20, inside the fixtures' validity.
    let now = Date(timeIntervalSince1970: 1_795_255_200)

    private func refusal(_ pem: String, into store: inout InstalledCertificates, maximum: Int = 0) async -> InstalledCertificates.Refusal? {
        do throws(InstalledCertificates.Refusal) {
            _ = try await store.install(pem, as: .centralSystemRootCertificate, now: now, maximum: maximum)
            return nil
        } catch {
            return error
        }
    }

    func testGarbageExpiredAndNonCACertificatesAreRefused() async throws {
        var store = try InstalledCertificates(stored: nil)
        guard case .unreadable = await refusal("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----", into: &store) else {
            return XCTFail("garbage PEM installed")
        }
        guard case .unreadable = await refusal("hello", into: &store) else { return XCTFail("text installed") }
        let expired = await refusal(SecurityFixtures.expiredRoot, into: &store)
        XCTAssertEqual(expired, .notValidNow)
        let leaf = await refusal(SecurityFixtures.notACertificateAuthority, into: &store)
        XCTAssertEqual(leaf, .notACertificateAuthority)
        XCTAssertEqual(store.entries, [], "nothing half-installed")
    }

    func testStoreMaxLengthCountsBothKindsAndDuplicatesAreNotStoredTwice() async throws {
        var store = try InstalledCertificates(stored: nil)
        let first = try await store.install(SecurityFixtures.ecRoot, as: .centralSystemRootCertificate, now: now, maximum: 2)
        XCTAssertTrue(first)
        let again = try await store.install(SecurityFixtures.ecRoot, as: .centralSystemRootCertificate, now: now, maximum: 2)
        XCTAssertFalse(again, "the same certificate twice is one entry")
        _ = try await store.install(SecurityFixtures.rsaRoot, as: .manufacturerRootCertificate, now: now, maximum: 2)
        let full = await refusal(try TestCertificateAuthority().pem, into: &store, maximum: 2)
        XCTAssertEqual(full, .storeFull(maximum: 2))
        XCTAssertEqual(store.entries.count, 2)
    }

    func testLastCentralSystemRootCannotBeDeletedButManufacturerRootsCan() async throws {
        var store = try InstalledCertificates(stored: nil)
        _ = try await store.install(SecurityFixtures.ecRoot, as: .centralSystemRootCertificate, now: now, maximum: 0)
        _ = try await store.install(SecurityFixtures.rsaRoot, as: .manufacturerRootCertificate, now: now, maximum: 0)
        let central = try XCTUnwrap(store.hashData(.centralSystemRootCertificate).first)
        let manufacturer = try XCTUnwrap(store.hashData(.manufacturerRootCertificate).first)
        XCTAssertEqual(central.serialNumber.value, "a1b2c3d4e5f")
        XCTAssertEqual(store.delete(central), .failed, "the last CentralSystemRootCertificate stays")
        XCTAssertEqual(store.delete(manufacturer), .accepted)
        XCTAssertEqual(store.delete(manufacturer), .notFound)
        XCTAssertEqual(store.hashData(.manufacturerRootCertificate), [])
    }

    func testTheSetSurvivesItsDocument() async throws {
        var store = try InstalledCertificates(stored: nil)
        _ = try await store.install(SecurityFixtures.ecRoot, as: .centralSystemRootCertificate, now: now, maximum: 0)
        _ = try await store.install(SecurityFixtures.rsaRoot, as: .centralSystemRootCertificate, now: now, maximum: 0)
        let reloaded = try InstalledCertificates(stored: store.document)
        XCTAssertEqual(reloaded.entries, store.entries)
        XCTAssertEqual(reloaded.pems(.centralSystemRootCertificate).count, 2)
        var two = reloaded
        XCTAssertEqual(two.delete(try XCTUnwrap(reloaded.hashData(.centralSystemRootCertificate).first)), .accepted, "one root remains")
    }
}
