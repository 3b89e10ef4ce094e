// Configuration keys: the registry's validation (pure), and GetConfiguration /
// ChangeConfiguration as the CSMS uses them, with values persisted across a reboot.

import OCPP
import StationCore
import StationTesting
import XCTest

final class ConfigurationValueTests: XCTestCase {
    func makeConfiguration() throws -> Configuration {
        try Configuration(defaults: StationSettings.maxeroDefaults, supportedMeasurands: [.energyActiveImportRegister, .powerActiveImport, .soc])
    }

    func testMaxeroDefaultsAreValidAndComplete() throws {
        let configuration = try makeConfiguration()
        XCTAssertEqual(configuration.int(.heartbeatInterval), 20)
        XCTAssertEqual(configuration.int(.clockAlignedDataInterval), 10000)
        XCTAssertEqual(configuration.int(.connectionTimeOut), 1000)
        XCTAssertTrue(configuration.bool(.authorizeRemoteTxRequests))
        XCTAssertFalse(configuration.bool(.localPreAuthorize))
        XCTAssertEqual(configuration.value(of: .connectorPhaseRotation), "0.RST,1.RST,2.RST")
        for key in ConfigurationKey.allCases where key.isRequired {
            XCTAssertNotNil(configuration.value(of: key), "\(key.rawValue) missing")
        }
    }

    func testAMissingRequiredDefaultOrABadDefaultIsAnError() {
        var defaults = StationSettings.maxeroDefaults
        defaults[.heartbeatInterval] = nil
        XCTAssertThrowsError(try Configuration(defaults: defaults, supportedMeasurands: [])) { error in
            XCTAssertTrue("\(error)".contains("HeartbeatInterval"))
        }
        defaults[.heartbeatInterval] = "-5"
        XCTAssertThrowsError(try Configuration(defaults: defaults, supportedMeasurands: [])) { error in
            XCTAssertTrue("\(error)".contains("an integer"), "\(error)")
        }
    }

    func testChangeValidatesByKind() throws {
        var configuration = try makeConfiguration()
        XCTAssertEqual(configuration.change("HeartbeatInterval", to: "300").status, .accepted)
        XCTAssertEqual(configuration.int(.heartbeatInterval), 300)
        XCTAssertEqual(configuration.change("heartbeatinterval", to: "30").status, .accepted, "key names ignore case")
        XCTAssertEqual(configuration.change("HeartbeatInterval", to: "-1").status, .rejected)
        XCTAssertEqual(configuration.change("HeartbeatInterval", to: "soon").status, .rejected)
        XCTAssertEqual(configuration.change("LocalPreAuthorize", to: "TRUE").status, .accepted)
        XCTAssertTrue(configuration.bool(.localPreAuthorize))
        XCTAssertEqual(configuration.change("LocalPreAuthorize", to: "yes").status, .rejected)
        XCTAssertEqual(configuration.change("NumberOfConnectors", to: "3").status, .rejected, "read-only")
        XCTAssertEqual(configuration.change("SupportedFeatureProfiles", to: "Core").status, .rejected, "read-only")
        XCTAssertEqual(configuration.change("NoSuchKey", to: "1").status, .notSupported)
        XCTAssertEqual(configuration.change("MeterValuesSampledData", to: "Energy.Active.Import.Register, SoC").status, .accepted)
        XCTAssertEqual(configuration.measurands(.meterValuesSampledData), [.energyActiveImportRegister, .soc])
        XCTAssertEqual(configuration.change("MeterValuesSampledData", to: "Voltage").status, .rejected, "this meter cannot measure voltage")
        XCTAssertEqual(configuration.change("MeterValuesSampledData", to: "Magic").status, .rejected)
        XCTAssertEqual(configuration.change("MeterValuesSampledData", to: "").status, .accepted)
        XCTAssertEqual(configuration.change("ConnectorPhaseRotation", to: "0.RST,1.TSR").status, .accepted)
        XCTAssertEqual(configuration.change("ConnectorPhaseRotation", to: "1.XYZ").status, .rejected)
        XCTAssertEqual(configuration.change("WebSocketPingInterval", to: "30").status, .rebootRequired, "the link reads it when it connects")
    }

    func testAuthorizationKeyIsWriteOnlyAndSecurityProfileOnlyRises() throws {
        var defaults = StationSettings.maxeroDefaults
        defaults[.securityProfile] = "1"
        defaults[.authorizationKey] = "0123456789abcdef0123"
        var configuration = try Configuration(defaults: defaults, supportedMeasurands: MeterSampling.dcMeasurands)
        let report = configuration.report(["AuthorizationKey", "SecurityProfile"])
        XCTAssertEqual(report.configurationKey?.first?.key, "AuthorizationKey")
        XCTAssertNil(report.configurationKey?.first?.value, "the key's value is never reported")
        let all = configuration.report(nil)
        XCTAssertFalse(all.configurationKey?.contains { $0.value?.value.contains("0123456789abcdef") ?? false } ?? true)
        XCTAssertEqual(configuration.change("AuthorizationKey", to: "short").status, .rejected)
        guard case .rejected(let reason) = configuration.change("AuthorizationKey", to: "bad key with spaces in it") else { return XCTFail() }
        XCTAssertFalse(reason.contains("spaces in it"), "a rejected secret is not repeated in the reason")
        XCTAssertEqual(configuration.change("AuthorizationKey", to: "fedcba9876543210fedc").status, .accepted, "used from the next connection")
        XCTAssertEqual(configuration.change("SecurityProfile", to: "0").status, .rejected, "may only be raised")
        XCTAssertEqual(configuration.change("SecurityProfile", to: "2").status, .accepted, "the station reconnects with it")
        XCTAssertEqual(configuration.change("SecurityProfile", to: "4").status, .rejected)
    }

    func testReportListsAllKeysOrTheRequestedOnesAndUnknownKeys() throws {
        let configuration = try makeConfiguration()
        let all = configuration.report(nil)
        XCTAssertEqual(all.configurationKey?.count, ConfigurationKey.allCases.filter { configuration.value(of: $0) != nil && $0.access != .writeOnly }.count)
        XCTAssertNil(all.unknownKey)
        let listed = configuration.report(["HeartbeatInterval", "NumberOfConnectors", "Bogus"])
        XCTAssertEqual(listed.configurationKey?.map(\.key.value), ["HeartbeatInterval", "NumberOfConnectors"])
        XCTAssertEqual(listed.configurationKey?.map(\.readonly), [false, true])
        XCTAssertEqual(listed.configurationKey?.first?.value, "20")
        XCTAssertEqual(listed.unknownKey, ["Bogus"])
    }
}

final class ConfigurationRequestTests: StationTestCase {
    func testGetConfigurationHonoursGetConfigurationMaxKeys() async throws {
        try await startStation([.getConfigurationMaxKeys: "2"])
        let two = await csms.send(GetConfiguration.Request(key: ["HeartbeatInterval", "ConnectionTimeOut"]))
        XCTAssertEqual(try two.get().configurationKey?.count, 2)
        let three = await csms.send(GetConfiguration.Request(key: ["HeartbeatInterval", "ConnectionTimeOut", "ResetRetries"]))
        guard case .failure(let error) = three else { return XCTFail("more than GetConfigurationMaxKeys answered") }
        XCTAssertEqual(error.code, .occurenceConstraintViolation)
        let all = await csms.send(GetConfiguration.Request())
        XCTAssertGreaterThan(try all.get().configurationKey?.count ?? 0, 2, "all keys are reported whatever the maximum")
    }

    func testTheAuthorizationKeyNeverLeavesTheStation() async throws {
        try await startStation([.securityProfile: "1", .authorizationKey: "0123456789abcdef0123"])
        let secret = "A1B2C3D4E5F6A7B8C9D0"
        let connections = await csms.connectionCount
        let answer = await csms.send(ChangeConfiguration.Request(key: "AuthorizationKey", value: CiString(truncating: secret)))
        XCTAssertEqual(try answer.get().status, .accepted)
        // A new key is used from the next connection: the station reconnects at once.
        try await expect("the reconnect with the new key") { await self.csms.connectionCount > connections }
        let report = await csms.send(GetConfiguration.Request(key: ["AuthorizationKey", "SecurityProfile"]))
        let values = try report.get().configurationKey ?? []
        XCTAssertTrue(values.contains { $0.key == "AuthorizationKey" && $0.value == nil && !$0.readonly })
        XCTAssertFalse(values.contains { $0.value?.value == secret })
        XCTAssertFalse(harness.log.contains { $0.contains(secret) || $0.contains("0123456789abcdef0123") }, "never in the logs")
        XCTAssertEqual(try harness.store.changedConfiguration()[.authorizationKey], secret, "kept for the next connection")
    }

    func testChangedValuesTakeEffectAndSurviveAReset() async throws {
        try await startStation()
        let answer = await csms.send(ChangeConfiguration.Request(key: "HeartbeatInterval", value: "60"))
        XCTAssertEqual(try answer.get().status, .accepted)
        let readOnly = await csms.send(ChangeConfiguration.Request(key: "NumberOfConnectors", value: "4"))
        XCTAssertEqual(try readOnly.get().status, .rejected)
        let unknown = await csms.send(ChangeConfiguration.Request(key: "FluxCapacitor", value: "1.21"))
        XCTAssertEqual(try unknown.get().status, .notSupported)
        await csms.clearReceived()
        await harness.advance(.seconds(59))
        let early = await csms.calls(.heartbeat).count
        XCTAssertEqual(early, 0)
        await harness.advance(.seconds(1))
        try await expect("heartbeat after 60 s") { await self.csms.calls(.heartbeat).count == 1 }

        await csms.setBoot(.accepted, interval: 0)
        _ = await csms.send(Reset.Request(type: .soft))
        try await expect("boot after reset") { await self.csms.calls(.bootNotification).count == 1 }
        let after = await csms.send(GetConfiguration.Request(key: ["HeartbeatInterval"]))
        XCTAssertEqual(try after.get().configurationKey?.first?.value, "60")
    }
}
