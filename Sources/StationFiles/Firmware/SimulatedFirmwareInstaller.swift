// The `FirmwareInstaller` of simulated mode: checks that a downloaded image is a simulated
// firmware image and records its version in a file, so that the version survives a restart and
// the next BootNotification reports it.

public import StationCore

/// Installs simulated firmware images. Call from any isolation.
///
/// A valid image is a text file (UTF-8 without NUL bytes, at most 16 MiB) whose first line is
/// `CHARGESTATION-FIRMWARE <version>`, the version being 1 to 50 printable ASCII characters
/// without spaces (a trailing `\r` is ignored). Anything else is refused with an `InstallError`
/// saying why. Installing writes the version (and a newline) to `versionFile` atomically.
public struct SimulatedFirmwareInstaller: FirmwareInstaller {
    /// The first word of a simulated image.
    public static let imageMagic = "CHARGESTATION-FIRMWARE"
    /// The largest image accepted.
    public static let maximumImageSize = 16 << 20

    /// The file the installed version is kept in.
    public let versionFile: String
    /// The version reported while `versionFile` does not exist yet.
    public let initialVersion: String

    /// Creates an installer.
    /// - Parameters:
    ///   - versionFile: where the installed version is recorded (its directory must exist).
    ///   - initialVersion: the version before any image was installed.
    public init(versionFile: String, initialVersion: String) {
        self.versionFile = versionFile
        self.initialVersion = initialVersion
    }

    /// The version last installed, or `initialVersion` when none was (or the file is empty).
    public func installedVersion() async -> String? {
        guard let bytes = try? FileSystem.readFile(versionFile, limit: 4096) else { return initialVersion }
        let version = String(decoding: firstLine(of: bytes), as: UTF8.self)
        return version.isEmpty ? initialVersion : version
    }

    /// Checks the image at `path` and records its version.
    /// - Returns: the version now installed.
    /// - Throws: `InstallError` naming what is wrong with the image, or why the version could
    ///   not be recorded.
    public func install(imageAt path: String) async throws(InstallError) -> String {
        let bytes: [UInt8]
        do throws(SystemCallError) {
            bytes = try FileSystem.readFile(path, limit: Self.maximumImageSize)
        } catch {
            throw InstallError("refused the image: \(error.message)")
        }
        let version = try Self.version(ofImage: bytes)
        do throws(SystemCallError) {
            try FileSystem.writeAtomically(Array((version + "\n").utf8), to: versionFile)
        } catch {
            throw InstallError("the image is valid, but its version could not be recorded: \(error.message)")
        }
        return version
    }

    /// The version a simulated image carries.
    /// - Throws: `InstallError` saying why `bytes` are not a simulated image.
    public static func version(ofImage bytes: [UInt8]) throws(InstallError) -> String {
        guard !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil else {
            throw InstallError("refused the image: it is not a text file (simulated images are text)")
        }
        let line = firstLine(of: bytes)
        let prefix = Array((imageMagic + " ").utf8)
        guard line.starts(with: prefix) else {
            throw InstallError("refused the image: its first line must be '\(imageMagic) <version>'")
        }
        let version = String(decoding: line.dropFirst(prefix.count), as: UTF8.self)
        guard (1...50).contains(version.utf8.count) else {
            throw InstallError("refused the image: the version must be 1 to 50 characters, found \(version.utf8.count)")
        }
        guard version.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw InstallError("refused the image: the version must be printable ASCII without spaces")
        }
        return version
    }
}

/// The bytes before the first newline, without a trailing carriage return.
func firstLine(of bytes: [UInt8]) -> ArraySlice<UInt8> {
    let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
    return line.last == UInt8(ascii: "\r") ? line.dropLast() : line
}
