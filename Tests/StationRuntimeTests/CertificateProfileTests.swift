// The MAXERO-200QC certificate's configuration table against what a CSMS reads: GetConfiguration
// on a station built from each shipped configuration file answers the certificate's values.

import Foundation
import OCPP
import StationCore
import StationRuntime
import StationTesting
import XCTest

final class CertificateProfileTests: XCTestCase {
    /// The values GetConfiguration (without a key list) answers for a station built from the
    /// shipped configuration file `name`, by key.
    func reportedConfiguration(_ name: String) async throws -> [String: String] {
        let path = StationConfigurationTests.root.appendingPathComponent("configs/\(name).yaml").path
        let settings = try StationConfiguration.load(path: path).settings()
        let harness = StationHarness(overrides: settings.configurationDefaults)
        try await harness.start()
        let booted = await harness.eventually { await harness.csms.calls(.bootNotification).count == 1 }
        XCTAssertTrue(booted, "\(name): the station booted")
        let answer = await harness.csms.send(GetConfiguration.Request())
        await harness.stop()
        let keys = try answer.get().configurationKey ?? []
        XCTAssertNil(try answer.get().unknownKey)
        return Dictionary(keys.map { ($0.key.value, $0.value?.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    func testGetConfigurationOnTheShippedFilesAnswersTheCertificateTable() async throws {
        for name in ["simulated", "maxero-200qc", "socket-outlet"] {
            let reported = try await reportedConfiguration(name)
            for (key, certified) in MaxeroCertificateProfile.certificateTable.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                XCTAssertEqual(reported[key.rawValue], certified, "\(name): \(key.rawValue)")
            }
        }
    }

    func testTheIssueFiguresAreTheTable() {
        // The values the certificate gives, as issue 19 transcribed them; a change here is a
        // change of the charger's profile, not of a default.
        let table = MaxeroCertificateProfile.certificateTable
        let expected: [ConfigurationKey: String] = [
            .heartbeatInterval: "20", .meterValueSampleInterval: "20", .clockAlignedDataInterval: "10000", .connectionTimeOut: "1000",
            .getConfigurationMaxKeys: "20", .resetRetries: "1", .transactionMessageAttempts: "1", .transactionMessageRetryInterval: "200",
            .stopTransactionMaxMeterValues: "2147483647", .meterValuesAlignedDataMaxLength: "10000",
            .meterValuesSampledDataMaxLength: "10000", .stopTxnAlignedDataMaxLength: "10000", .stopTxnSampledDataMaxLength: "10000",
        ]
        for (key, value) in expected { XCTAssertEqual(table[key], value, key.rawValue) }
        let booleans = table.filter { if case .boolean = $0.key.kind { true } else { false } }
        XCTAssertEqual(booleans.count, table.count - expected.count, "the rest of the table are the boolean keys")
    }

    func testEveryKeyIsInTheCertificateTableOrAnAdditionNeverBoth() {
        let certified = Set(MaxeroCertificateProfile.certificateTable.keys)
        let added = Set(MaxeroCertificateProfile.stationAdditions.keys)
        XCTAssertTrue(certified.isDisjoint(with: added), "in both: \(certified.intersection(added).map(\.rawValue))")
        // The security keys start from the station file's csms section or `securityDefaults`; the optional keys of
        // devices the charger does not have (indicator light, 3-to-1 phase switch) and
        // MaxEnergyOnInvalidId are absent.
        let elsewhere: Set<ConfigurationKey> = [
            .securityProfile, .authorizationKey, .blinkRepeat, .lightIntensity, .connectorSwitch3to1PhaseSupported, .maxEnergyOnInvalidId,
            .cpoName, .certificateStoreMaxLength, .certificateSignedMaxChainSize, .additionalRootCertificateCheck,
        ]
        XCTAssertEqual(Set(ConfigurationKey.allCases).subtracting(certified).subtracting(added), elsewhere)
        XCTAssertEqual(StationSettings.maxeroDefaults.count, certified.count + added.count)
    }
}
