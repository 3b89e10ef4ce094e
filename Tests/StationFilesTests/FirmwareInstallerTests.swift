// The firmware installers: the simulated one accepts any image, names its version by the header
// or file name rule, fails only when asked and remembers its version across instances; the
// command one runs /bin/sh commands and reports their failures.

import Foundation
import StationCore
import StationFiles
import XCTest

final class FirmwareInstallerTests: XCTestCase {
    var temporary: TemporaryDirectory!

    override func setUpWithError() throws { temporary = try TemporaryDirectory() }
    override func tearDown() { temporary?.remove() }

    func image(_ name: String, _ text: String) throws -> String {
        let path = temporary.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func installError(_ body: () async throws(InstallError) -> String) async -> InstallError? {
        do throws(InstallError) {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: simulated

    func testSimulatedInstallerTakesTheVersionFromTheHeaderLine() async throws {
        let installer = SimulatedFirmwareInstaller(versionFile: temporary.file("version"), initialVersion: "1.0.0")
        let initial = await installer.installedVersion()
        XCTAssertEqual(initial, "1.0.0")
        let path = try image("good.img", "CHARGESTATION-FIRMWARE 2.1.0-rc1\r\npayload\n")
        let installed = try await installer.install(imageAt: path, fileName: "maxero-9.9.9.bin")
        XCTAssertEqual(installed, "2.1.0-rc1", "the header wins over the file name")
        let now = await installer.installedVersion()
        XCTAssertEqual(now, "2.1.0-rc1")
    }

    func testSimulatedInstallerAcceptsAnyImageAndNamesItsVersionAfterTheFileName() async throws {
        let installer = SimulatedFirmwareInstaller(versionFile: temporary.file("version"), initialVersion: "1.0.0")
        let binary = temporary.file("binary.img")
        try Data([0x43, 0x48, 0x00, 0xFF]).write(to: URL(fileURLWithPath: binary))
        let cases: [(path: String, fileName: String, version: String)] = [
            (binary, "maxero-200qc-2.3.1.bin", "maxero-200qc-2.3.1"),
            (try image("other.img", "FIRMWARE 2.0\n"), "update.tar.gz", "update.tar"),
            (try image("empty.img", ""), "2.3.1", "2.3.1"),
            (try image("empty-version.img", "CHARGESTATION-FIRMWARE \n"), "fw v2.swu", "fw_v2"),
            (try image("long-version.img", "CHARGESTATION-FIRMWARE " + String(repeating: "9", count: 51) + "\n"), String(repeating: "a", count: 60), String(repeating: "a", count: 50)),
            (try image("space.img", "CHARGESTATION-FIRMWARE 2.0 beta\n"), "", "space"),
            (try image("unnamed.img", "x"), ".img", ".img"),
        ]
        for (path, fileName, version) in cases {
            let installed = try await installer.install(imageAt: path, fileName: fileName)
            XCTAssertEqual(installed, version, "\(path) named \(fileName)")
            let recorded = await installer.installedVersion()
            XCTAssertEqual(recorded, version)
        }
    }

    func testFirmwareImageVersionRule() {
        XCTAssertEqual(FirmwareImageVersion.of(imageStartingWith: Array("CHARGESTATION-FIRMWARE 3.0\n".utf8), fileName: "a.bin"), "3.0")
        XCTAssertEqual(FirmwareImageVersion.of(imageStartingWith: Array("CHARGESTATION-FIRMWARE 3.0".utf8), fileName: "a.bin"), "3.0", "a header without a newline")
        XCTAssertEqual(FirmwareImageVersion.fromFileName("fw-1.2.raucb"), "fw-1.2")
        XCTAssertEqual(FirmwareImageVersion.fromFileName("fw-1.2.123456"), "fw-1.2.123456", "an extension with digits stays")
        XCTAssertEqual(FirmwareImageVersion.fromFileName("прошивка.bin"), "________")
        XCTAssertEqual(FirmwareImageVersion.fromFileName(""), "unknown")
        XCTAssertEqual(TransferURL("ftp://u:p@host/dir/maxero%202.1.img?x=1#top").fileName, "maxero 2.1.img")
        XCTAssertEqual(TransferURL("http://host/dir/").fileName, "")
        XCTAssertEqual(TransferURL("http://host").fileName, "")
    }

    func testSimulatedInstallerFailsTheNextInstallationWhenAskedOnly() async throws {
        let failureSwitch = InstallationFailureSwitch(nextInstallationFails: true)
        let installer = SimulatedFirmwareInstaller(versionFile: temporary.file("version"), initialVersion: "1.0.0", failureSwitch: failureSwitch)
        let path = try image("good.img", "CHARGESTATION-FIRMWARE 2.0.0\n")
        let error = await installError { () async throws(InstallError) in try await installer.install(imageAt: path, fileName: "good.img") }
        XCTAssertTrue(try XCTUnwrap(error).message.contains("set to fail"), "\(String(describing: error))")
        XCTAssertFalse(failureSwitch.nextInstallationFails, "a failed installation clears the switch")
        let unchanged = await installer.installedVersion()
        XCTAssertEqual(unchanged, "1.0.0", "a failed installation changes nothing")
        let installed = try await installer.install(imageAt: path, fileName: "good.img")
        XCTAssertEqual(installed, "2.0.0", "the one after succeeds")
        failureSwitch.set(nextInstallationFails: true)
        XCTAssertTrue(failureSwitch.nextInstallationFails)
    }

    func testSimulatedInstallerFailsOnAnImageItCannotRead() async throws {
        let installer = SimulatedFirmwareInstaller(versionFile: temporary.file("version"), initialVersion: "1.0.0")
        let error = await installError { () async throws(InstallError) in try await installer.install(imageAt: temporary.file("absent.img"), fileName: "absent.img") }
        XCTAssertTrue(try XCTUnwrap(error).message.contains("absent.img"), "\(String(describing: error))")
    }

    func testSimulatedInstallerRemembersTheVersionAcrossInstances() async throws {
        let versionFile = temporary.file("version")
        let first = SimulatedFirmwareInstaller(versionFile: versionFile, initialVersion: "1.0.0")
        _ = try await first.install(imageAt: try image("good.img", "CHARGESTATION-FIRMWARE 3.0.0\n"))
        let restarted = SimulatedFirmwareInstaller(versionFile: versionFile, initialVersion: "1.0.0")
        let version = await restarted.installedVersion()
        XCTAssertEqual(version, "3.0.0")
    }

    // MARK: command

    func testCommandInstallerRunsTheCommandOnTheImageAndReadsTheVersionFile() async throws {
        let directory = temporary.path
        let path = try image("board.img", "image bytes")
        let installer = CommandFirmwareInstaller(
            command: ["/bin/sh", "-c", "cp \"$1\" '\(directory)/installed.img' && echo ' 4.2.0 ' > '\(directory)/version'", "install", "{image}"],
            version: .file(directory + "/version"))
        let installed = try await installer.install(imageAt: path)
        XCTAssertEqual(installed, "4.2.0")
        XCTAssertEqual(try String(contentsOfFile: directory + "/installed.img", encoding: .utf8), "image bytes")
        let version = await installer.installedVersion()
        XCTAssertEqual(version, "4.2.0")
    }

    func testCommandInstallerReadsTheVersionFromACommand() async throws {
        let installer = CommandFirmwareInstaller(
            command: ["/bin/sh", "-c", "test -f \"$1\"", "install", "{image}"],
            version: .command(["/bin/sh", "-c", "echo; echo 5.0.1; echo ignored"]))
        let installed = try await installer.install(imageAt: try image("board.img", "x"))
        XCTAssertEqual(installed, "5.0.1")
    }

    func testCommandInstallerFailureNamesTheStatusAndTheLastLinesOfStandardError() async throws {
        let installer = CommandFirmwareInstaller(
            command: ["/bin/sh", "-c", "for i in 1 2 3 4 5 6 7; do echo \"problem $i\" >&2; done; echo on-stdout; exit 3"],
            version: .file(temporary.file("version")))
        let path = try image("board.img", "x")
        let error = await installError { () async throws(InstallError) in try await installer.install(imageAt: path) }
        let message = try XCTUnwrap(error?.message)
        XCTAssertTrue(message.contains("exited with status 3"), message)
        XCTAssertTrue(message.contains("problem 3\nproblem 4\nproblem 5\nproblem 6\nproblem 7"), message)
        XCTAssertFalse(message.contains("problem 2"), message)
        XCTAssertFalse(message.contains("on-stdout"), message)
    }

    func testCommandInstallerThatCannotStartIsAnError() async throws {
        let installer = CommandFirmwareInstaller(command: ["/nonexistent/installer", "{image}"], version: .file(temporary.file("version")))
        let error = await installError { () async throws(InstallError) in try await installer.install(imageAt: "/tmp/x.img") }
        let message = try XCTUnwrap(error?.message)
        XCTAssertTrue(message.contains("/nonexistent/installer"), message)
        let version = await installer.installedVersion()
        XCTAssertNil(version)
    }

    func testCommandInstallerWhoseVersionCannotBeReadIsAnError() async throws {
        let installer = CommandFirmwareInstaller(command: ["/bin/sh", "-c", "true"], version: .command(["/bin/sh", "-c", "exit 1"]))
        let error = await installError { () async throws(InstallError) in try await installer.install(imageAt: "/tmp/x.img") }
        let message = try XCTUnwrap(error?.message)
        XCTAssertTrue(message.contains("installed, but"), message)
    }
}
