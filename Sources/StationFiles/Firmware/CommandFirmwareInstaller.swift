// The `FirmwareInstaller` of a real board: runs the board's configured install command (a RAUC
// or SWUpdate call) on the downloaded image, and reads the installed version from a file or a
// command.

public import StationCore
import SystemCalls

/// Installs firmware images by running a command. Call from any isolation; the command runs on a
/// thread of its own (never on Swift's cooperative pool) while the caller suspends.
///
/// Installing runs `command` with every `{image}` in its arguments replaced by the image's path
/// (no shell is involved: use `["/bin/sh", "-c", "..."]` for one). Standard input is /dev/null,
/// standard output is discarded, standard error is kept for the error message. Exit status 0 is
/// success; anything else (or a signal) is an `InstallError` with the status and the last lines
/// of standard error. After a success the version is read from `version`, and an unreadable
/// version is an error too (the image was installed, but the station could not tell which).
/// The command is expected to end by itself; the installer does not time it out.
public struct CommandFirmwareInstaller: FirmwareInstaller {
    /// Where the installed firmware version is read.
    public enum VersionSource: Sendable, Equatable {
        /// The first line of this file (e.g. a file the install command or the image writes).
        case file(String)
        /// The first non-empty line this command prints on standard output, when it exits 0
        /// (e.g. `["/bin/sh", "-c", "rauc status --output-format=json | jq -r ..."]`).
        case command([String])
    }

    /// The placeholder replaced by the image's path in `command`'s arguments.
    public static let imagePlaceholder = "{image}"
    /// How many lines of the command's standard error an error message quotes.
    public static let quotedErrorLines = 5

    /// The install command and its arguments.
    public let command: [String]
    /// Where the installed version is read.
    public let version: VersionSource

    /// Creates an installer.
    /// - Parameters:
    ///   - command: the program and its arguments; `{image}` stands for the image's path.
    ///   - version: where the installed version is read after an install and at boot.
    public init(command: [String], version: VersionSource) {
        self.command = command
        self.version = version
    }

    /// The installed version, or nil when it cannot be read.
    public func installedVersion() async -> String? {
        try? await readVersion()
    }

    /// Runs the install command on the image at `path`.
    /// - Returns: the version installed now, as `version` tells.
    /// - Throws: `InstallError` when the command cannot start, fails, or the version cannot be read.
    public func install(imageAt path: String) async throws(InstallError) -> String {
        guard !command.isEmpty else { throw InstallError("no install command is configured") }
        let arguments = command.map { $0.replacing(Self.imagePlaceholder, with: path) }
        let result = await BlockingWork.run("StationFiles.install") {
            Result { () throws(SystemCallError) in try ChildProcess.run(arguments, capturing: .standardError, keepingLast: 16_384) }
        }
        let outcome: (status: ExitStatus, output: [UInt8])
        switch result {
        case .success(let value): outcome = value
        case .failure(let error): throw InstallError("the install command failed: \(error.description)")
        }
        guard outcome.status == .exited(0) else {
            let lines = ChildProcess.lastLines(outcome.output, count: Self.quotedErrorLines)
            let quoted = lines.isEmpty ? "no error output" : lines.joined(separator: "\n")
            throw InstallError("the install command \(arguments[0]) \(outcome.status): \(quoted)")
        }
        do throws(InstallError) {
            return try await readVersion()
        } catch {
            throw InstallError("the image was installed, but \(error.message)")
        }
    }

    private func readVersion() async throws(InstallError) -> String {
        switch version {
        case .file(let path):
            let bytes: [UInt8]
            do throws(SystemCallError) { bytes = try FileSystem.readFile(path, limit: 4096) } catch {
                throw InstallError("the version cannot be read: \(error.description)")
            }
            let line = String(decoding: firstLine(of: bytes), as: UTF8.self).trimmingWhitespace()
            guard !line.isEmpty else { throw InstallError("the version file \(path) is empty") }
            return line
        case .command(let arguments):
            let result = await BlockingWork.run("StationFiles.version") {
                Result { () throws(SystemCallError) in try ChildProcess.run(arguments, capturing: .standardOutput, keepingLast: 4096) }
            }
            let outcome: (status: ExitStatus, output: [UInt8])
            switch result {
            case .success(let value): outcome = value
            case .failure(let error): throw InstallError("the version cannot be read: \(error.description)")
            }
            guard outcome.status == .exited(0) else {
                throw InstallError("the version command \(arguments.first ?? "") \(outcome.status)")
            }
            guard let line = ChildProcess.lastLines(outcome.output, count: .max).first?.trimmingWhitespace() else {
                throw InstallError("the version command \(arguments.first ?? "") printed nothing")
            }
            return line
        }
    }
}

extension String {
    /// The text without leading and trailing white space.
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
