// The `DiagnosticsCollector` port: asks each log source for its lines in the requested time
// range and writes them as one tar archive, one `<source>.log` file per source, named after the
// charge point and the moment of collection.

import FoundationEssentials
public import OCPP
public import StationCore
import SystemCalls

/// One log the diagnostics archive includes (the station's log, the OCPP traffic log, ...).
public struct DiagnosticsSource: Sendable {
    /// The file's name in the archive without `.log` (`station`, `ocpp`); characters other than
    /// letters, digits, `.`, `-` and `_` are replaced by `_`.
    public var name: String
    /// The source's lines between the start and the stop (either may be nil: open-ended).
    public var lines: @Sendable (Timestamp?, Timestamp?) async -> [String]

    /// Creates a source.
    public init(name: String, lines: @escaping @Sendable (Timestamp?, Timestamp?) async -> [String]) {
        self.name = name
        self.lines = lines
    }
}

/// Collects diagnostics as a tar archive in a directory. Call from any isolation.
///
/// The archive is `<directory>/diagnostics-<chargePointId>-<yyyyMMddTHHmmssZ>.tar` (UTC time of
/// collection; the charge point id with characters unsafe in a file name replaced by `_`). Each
/// source becomes `<name>.log`, its lines each ended by a newline, with the collection time as
/// modification time. The directory is created when missing (not its parents).
public struct LogDiagnosticsCollector: DiagnosticsCollector {
    /// Where archives are written.
    public let directory: String
    /// The charge point's identity, part of the archive's name.
    public let chargePointId: String
    /// The logs to include, in archive order.
    public let sources: [DiagnosticsSource]
    private let now: @Sendable () -> Timestamp

    /// Creates a collector.
    /// - Parameters:
    ///   - directory: where the archives are written.
    ///   - chargePointId: the station's identity, used in the archive's name.
    ///   - sources: the logs to include.
    ///   - now: the wall clock naming the archive (injected by tests); nil: the system's.
    public init(
        directory: String, chargePointId: String, sources: [DiagnosticsSource], now: (@Sendable () -> Timestamp)? = nil
    ) {
        self.directory = directory
        self.chargePointId = chargePointId
        self.sources = sources
        self.now = now ?? { Timestamp(Date()) }
    }

    /// Writes the sources' lines between `start` and `stop` into a new archive and returns its
    /// path and file name.
    /// - Throws: `TransferError` when the directory or the archive cannot be written.
    public func collect(from start: Timestamp?, to stop: Timestamp?) async throws(TransferError) -> (path: String, fileName: String) {
        var logs: [(name: String, lines: [String])] = []
        for source in sources {
            logs.append((source.name, await source.lines(start, stop)))
        }
        return try write(logs, prefix: "diagnostics")
    }

    /// Writes `lines` as `<name>.log` into a new archive `<name>log-<chargePointId>-<time>.tar`
    /// (GetLog's security log) and returns its path and file name.
    /// - Throws: `TransferError` when the directory or the archive cannot be written.
    public func collect(log name: String, lines: [String]) async throws(TransferError) -> (path: String, fileName: String) {
        try write([(name, lines)], prefix: Self.safeName(name) + "log")
    }

    private func write(_ logs: [(name: String, lines: [String])], prefix: String) throws(TransferError) -> (path: String, fileName: String) {
        let time = now()
        var archive = TarArchive()
        for (name, lines) in logs {
            var bytes: [UInt8] = []
            for line in lines {
                bytes += line.utf8
                bytes.append(UInt8(ascii: "\n"))
            }
            archive.append(name: Self.safeName(name) + ".log", bytes: bytes, modificationTime: time)
        }
        let fileName = "\(prefix)-\(Self.safeName(chargePointId))-\(Self.compactUTC(time)).tar"
        let path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        do throws(SystemCallError) {
            try FileSystem.makeDirectory(directory)
        } catch {
            throw TransferError("cannot collect diagnostics: \(error.description)")
        }
        do throws(TarArchiveError) {
            try archive.write(to: path)
        } catch {
            throw TransferError("cannot collect diagnostics: \(error.message)")
        }
        return (path, fileName)
    }

    /// `name` with every character but ASCII letters, digits, `.`, `-` and `_` replaced by `_`
    /// (and a leading `.` too, so that no name is hidden or climbs out of a directory).
    static func safeName(_ name: String) -> String {
        var out = String(name.unicodeScalars.map { scalar -> Character in
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
            return allowed ? Character(scalar) : "_"
        })
        if out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out.isEmpty ? "_" : out
    }

    /// The UTC time as `yyyyMMddTHHmmssZ` (`2026-11-21T10:15:30.123Z` → `20261121T101530Z`).
    static func compactUTC(_ time: Timestamp) -> String {
        let text = time.rfc3339
        let seconds = text.prefix { $0 != "." }
        return seconds.filter { $0 != "-" && $0 != ":" } + "Z"
    }
}
