// The `FirmwareInstaller` of simulated mode: accepts any downloaded image, names its version
// (FirmwareImageVersion) and records it in a file, so that the version survives a restart and the
// next BootNotification reports it. It fails only when the user asked for it.

public import StationCore
import SystemCalls

/// Installs simulated firmware images. Call from any isolation.
///
/// Any image is accepted, as a CSMS operator testing UpdateFirmware with their own file expects:
/// its version is named by `FirmwareImageVersion` (a `CHARGESTATION-FIRMWARE <version>` first
/// line, otherwise the file name) and written, with a newline, to `versionFile` atomically. An
/// installation fails only when `failureSwitch` is set (it is then cleared and nothing changes),
/// or when the image cannot be read or the version cannot be recorded.
public struct SimulatedFirmwareInstaller: FirmwareInstaller {
    /// The file the installed version is kept in.
    public let versionFile: String
    /// The version reported while `versionFile` does not exist yet.
    public let initialVersion: String
    /// The user's "the next installation fails".
    public let failureSwitch: InstallationFailureSwitch

    /// Creates an installer.
    /// - Parameters:
    ///   - versionFile: where the installed version is recorded (its directory must exist).
    ///   - initialVersion: the version before any image was installed.
    ///   - failureSwitch: set when the next installation is to fail.
    public init(versionFile: String, initialVersion: String, failureSwitch: InstallationFailureSwitch = InstallationFailureSwitch()) {
        self.versionFile = versionFile
        self.initialVersion = initialVersion
        self.failureSwitch = failureSwitch
    }

    /// The version last installed, or `initialVersion` when none was (or the file is empty).
    public func installedVersion() async -> String? {
        guard let bytes = try? FileSystem.readFile(versionFile, limit: 4096) else { return initialVersion }
        let version = String(decoding: firstLine(of: bytes), as: UTF8.self)
        return version.isEmpty ? initialVersion : version
    }

    /// Installs the image at `path`, its version named after the downloaded file's own name.
    public func install(imageAt path: String) async throws(InstallError) -> String {
        try await install(imageAt: path, fileName: String(path.split(separator: "/").last ?? ""))
    }

    /// Installs the image at `path`, downloaded as `fileName`, and records its version.
    /// - Returns: the version now installed.
    /// - Throws: `InstallError` when the user asked this installation to fail, the image cannot
    ///   be read, or the version cannot be recorded.
    public func install(imageAt path: String, fileName: String) async throws(InstallError) -> String {
        let start: [UInt8]
        do throws(SystemCallError) {
            start = try FileSystem.readPrefix(path, count: FirmwareImageVersion.headerSearchLength)
        } catch {
            throw InstallError("cannot read the image: \(error.description)")
        }
        if failureSwitch.takeFailure() {
            throw InstallError("failed as asked: the next installation was set to fail (firmware.failNextInstallation or the control API)")
        }
        let name = fileName.isEmpty ? String(path.split(separator: "/").last ?? "") : fileName
        let version = FirmwareImageVersion.of(imageStartingWith: start, fileName: name)
        do throws(SystemCallError) {
            try FileSystem.writeAtomically(Array((version + "\n").utf8), to: versionFile)
        } catch {
            throw InstallError("version \(version) could not be recorded: \(error.description)")
        }
        return version
    }
}

/// The bytes before the first newline, without a trailing carriage return.
func firstLine(of bytes: [UInt8]) -> ArraySlice<UInt8> {
    let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
    return line.last == UInt8(ascii: "\r") ? line.dropLast() : line
}
