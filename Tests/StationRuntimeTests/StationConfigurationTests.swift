// The station configuration file: the shipped files are valid, and a bad file is refused with one
// message naming the file, the key and what was expected.

import Foundation
import StationLinux
import StationRuntime
import XCTest

final class StationConfigurationTests: XCTestCase {
    static var root: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { url.deleteLastPathComponent() }
        return url
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testTheShippedConfigurationsAreValid() throws {
        for name in ["simulated", "socket-outlet", "maxero-200qc"] {
            let configuration = try StationConfiguration.load(path: Self.root.appendingPathComponent("configs/\(name).yaml").path)
            XCTAssertFalse(configuration.station.chargePointId.isEmpty)
            XCTAssertTrue(FileManager.default.fileExists(atPath: configuration.resolve(configuration.hardware.board)), name)
        }
        let simulated = try StationConfiguration.load(path: Self.root.appendingPathComponent("configs/simulated.yaml").path)
        XCTAssertEqual(try simulated.endpoint().url, "ws://127.0.0.1:9000/ocpp")
        XCTAssertTrue(simulated.hardware.devices?.backends.isAllSimulated ?? false)
    }

    func testTheSimulatedInstallerCanBeToldToFailItsNextInstallation() throws {
        let configuration = try StationConfiguration.load(path: try write(base + "firmware: { installer: simulated, failNextInstallation: true }\n"))
        XCTAssertEqual(configuration.firmware?.failNextInstallation, true)
    }

    func assertRefused(_ yaml: String, key: String, mentioning expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(yaml)
        XCTAssertThrowsError(try StationConfiguration.load(path: path), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix(path), "names the file: \(message)", file: file, line: line)
            XCTAssertTrue(message.contains(key), "names the key \(key): \(message)", file: file, line: line)
            XCTAssertTrue(message.contains(expected), "says what was expected: \(message)", file: file, line: line)
        }
    }

    let base = """
    station: { chargePointId: CP-1, vendor: MAXERO, model: 200QC }
    csms: { url: "ws://127.0.0.1:9000/ocpp" }
    hardware: { board: /dev/null }

    """

    func testBadFilesNameTheKeyAndWhatWasExpected() throws {
        try assertRefused("station: { chargePointId: CP-1, vendor: MAXERO }\ncsms: { url: x }\nhardware: { board: b }\n", key: "station.model", mentioning: "missing")
        try assertRefused(base + "ocpp: { HeartbeatInterval: soon }\n", key: "ocpp.HeartbeatInterval", mentioning: "integer")
        try assertRefused(base + "ocpp: { HeartBeatIntervall: 5 }\n", key: "ocpp.HeartBeatIntervall", mentioning: "not a configuration key")
        try assertRefused(base.replacingOccurrences(of: "ws://127.0.0.1:9000/ocpp", with: "http://x/ocpp"), key: "csms.url", mentioning: "ws://")
        try assertRefused(base.replacingOccurrences(of: "ocpp\" }", with: "ocpp\", securityProfile: 1 }"), key: "csms.authorizationKey", mentioning: "Basic")
        try assertRefused(base.replacingOccurrences(of: "ocpp\" }", with: "ocpp\", securityProfile: 7 }"), key: "csms.securityProfile", mentioning: "an integer from 0 to 3")
        try assertRefused(base.replacingOccurrences(of: "vendor: MAXERO", with: "vendor: MAXERO-VERY-LONG-VENDOR-NAME"), key: "station.vendor", mentioning: "longer than 20")
        try assertRefused(base + "control: { listen: nowhere }\n", key: "control.listen", mentioning: "HOST:PORT")
        try assertRefused(base + "firmware: { installer: magic }\n", key: "firmware.installer", mentioning: "simulated or command")
        try assertRefused(base + "firmware: { installer: command, command: [rauc, install] }\n", key: "firmware.command", mentioning: "{image}")
        try assertRefused(base + "firmware: { installer: command, command: [rauc, install, \"{image}\"] }\n", key: "firmware.versionFile", mentioning: "missing")
        try assertRefused(
            base + "firmware: { installer: command, command: [rauc, install, \"{image}\"], versionFile: v, failNextInstallation: true }\n",
            key: "firmware.failNextInstallation", mentioning: "simulated"
        )
        try assertRefused(base + "supply: { nominalVoltage: 230, phases: 4 }\n", key: "supply.phases", mentioning: "1, 2 or 3")
    }
}
