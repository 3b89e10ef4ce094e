// The Security Whitepaper's configuration keys: they exist on every station, with the
// whitepaper's accessibility, and a central system can move a station from profile 0 to 1.

import OCPP
import StationCore
import XCTest

final class SecurityKeyTests: XCTestCase {
    private func plainConfiguration() throws -> Configuration {
        // The MAXERO defaults name no security key: the station file's csms section does.
        try Configuration(defaults: StationSettings.maxeroDefaults, supportedMeasurands: [.energyActiveImportRegister])
    }

    func testTheSecurityKeysExistWithoutAConfigurationFileNamingThem() throws {
        let configuration = try plainConfiguration()
        let report = configuration.report([
            "SecurityProfile", "AuthorizationKey", "CpoName", "CertificateStoreMaxLength", "CertificateSignedMaxChainSize",
            "AdditionalRootCertificateCheck",
        ])
        XCTAssertNil(report.unknownKey)
        let byName = Dictionary(uniqueKeysWithValues: (report.configurationKey ?? []).map { ($0.key.value, $0) })
        XCTAssertEqual(byName["SecurityProfile"]?.value, "0")
        XCTAssertEqual(byName["SecurityProfile"]?.readonly, false)
        XCTAssertNil(byName["AuthorizationKey"]?.value)
        XCTAssertEqual(byName["AuthorizationKey"]?.readonly, false)
        XCTAssertEqual(byName["CpoName"]?.readonly, false)
        XCTAssertEqual(byName["CertificateStoreMaxLength"]?.readonly, true)
        XCTAssertEqual(byName["CertificateSignedMaxChainSize"]?.value, "10000")
        XCTAssertEqual(byName["CertificateSignedMaxChainSize"]?.readonly, true)
        XCTAssertEqual(byName["AdditionalRootCertificateCheck"]?.value, "false")
        XCTAssertEqual(byName["AdditionalRootCertificateCheck"]?.readonly, true)
        XCTAssertNil(configuration.linkSecurity.authorizationKey, "no key set yet")
        XCTAssertFalse((configuration.report(nil).configurationKey ?? []).contains { $0.key == "AuthorizationKey" }, "a full report leaves write-only keys out")
    }

    func testAuthorizationKeyCanBeSetOnAProfile0StationAndIsUsedByTheLink() throws {
        var configuration = try plainConfiguration()
        XCTAssertEqual(configuration.change("AuthorizationKey", to: "0123456789ABCDEF0123456789ABCDEF").status, .accepted)
        XCTAssertEqual(configuration.linkSecurity.authorizationKey, "0123456789ABCDEF0123456789ABCDEF")
        XCTAssertEqual(configuration.change("AuthorizationKey", to: "").status, .rejected, "a key cannot be unset")
        XCTAssertEqual(configuration.change("AuthorizationKey", to: String(repeating: "a", count: 41)).status, .rejected)
        XCTAssertEqual(configuration.change("SecurityProfile", to: "1").status, .accepted)
        XCTAssertEqual(configuration.linkSecurity.securityProfile, 1)
    }

    func testReadOnlySecurityKeysAreRejectedAndCpoNameIsWritable() throws {
        var configuration = try plainConfiguration()
        XCTAssertEqual(configuration.change("CertificateStoreMaxLength", to: "5").status, .rejected)
        XCTAssertEqual(configuration.change("AdditionalRootCertificateCheck", to: "true").status, .rejected)
        XCTAssertEqual(configuration.change("CpoName", to: "Example CPO").status, .accepted)
        XCTAssertEqual(configuration.value(of: .cpoName), "Example CPO")
    }

    func testAChangedKeySurvivesARebuildButALowerProfileDoesNot() throws {
        let changed: [ConfigurationKey: String] = [.securityProfile: "2", .authorizationKey: "fedcba9876543210fedc", .cpoName: "CPO"]
        let configuration = try Configuration(defaults: StationSettings.maxeroDefaults, changed: changed, supportedMeasurands: [.energyActiveImportRegister])
        XCTAssertEqual(configuration.linkSecurity.securityProfile, 2)
        XCTAssertEqual(configuration.linkSecurity.authorizationKey, "fedcba9876543210fedc")
        var raised = StationSettings.maxeroDefaults
        raised[.securityProfile] = "3"
        let ignored = try Configuration(defaults: raised, changed: [.securityProfile: "1"], supportedMeasurands: [.energyActiveImportRegister])
        XCTAssertEqual(ignored.int(.securityProfile), 3)
    }

    func testCriticalFlagsFollowTheWhitepaper() {
        let critical = Set(SecurityEventKind.allCases.filter(\.isCritical))
        XCTAssertEqual(critical, [.firmwareUpdated, .settingSystemTime, .startupOfTheDevice, .resetOrReboot, .securityLogWasCleared, .memoryExhaustion, .tamperDetectionActivated])
        let long = SecurityEvent(kind: .invalidMessages, timestamp: Timestamp(millisecondsSince1970: 0), techInfo: String(repeating: "x", count: 300))
        XCTAssertEqual(long.techInfo?.count, 255)
        XCTAssertEqual(long.notification.type.value, "InvalidMessages")
    }
}
