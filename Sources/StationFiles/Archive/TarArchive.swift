// A writer of POSIX ustar archives (pure Swift): one 512-byte header per regular file, its bytes
// padded to 512, and two zero blocks at the end. Enough for diagnostics bundles that any `tar`
// or python's `tarfile` reads.

public import OCPP
import SystemCalls

/// A tar archive being put together in memory and written to a file in one go. A value: build
/// it anywhere, write it from any isolation.
public struct TarArchive: Sendable {
    /// One regular file of the archive.
    public struct Entry: Sendable, Equatable {
        /// The path inside the archive (`a.log` or `logs/a.log`), at most 255 bytes of UTF-8,
        /// with a part of at most 100 bytes after the last `/` that fits.
        public var name: String
        /// The file's content.
        public var bytes: [UInt8]
        /// The file's modification time (whole seconds are stored).
        public var modificationTime: Timestamp

        /// Creates an entry.
        public init(name: String, bytes: [UInt8], modificationTime: Timestamp) {
            self.name = name
            self.bytes = bytes
            self.modificationTime = modificationTime
        }
    }

    /// The files, in archive order.
    public var entries: [Entry]

    /// An archive of `entries`.
    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Adds a file at the end.
    public mutating func append(name: String, bytes: [UInt8], modificationTime: Timestamp) {
        entries.append(Entry(name: name, bytes: bytes, modificationTime: modificationTime))
    }

    /// The archive's bytes.
    /// - Throws: when a name is empty, holds a NUL or does not fit the ustar name fields, or a
    ///   file is 8 GiB or larger.
    public func encoded() throws(TarArchiveError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(1024) { $0 + 512 + ($1.bytes.count + 511) / 512 * 512 })
        for entry in entries {
            out += try Self.header(for: entry)
            out += entry.bytes
            out += [UInt8](repeating: 0, count: (512 - entry.bytes.count % 512) % 512)
        }
        out += [UInt8](repeating: 0, count: 1024)
        return out
    }

    /// Writes the archive to `path` atomically (a temporary file renamed onto it).
    public func write(to path: String) throws(TarArchiveError) {
        let bytes = try encoded()
        do throws(SystemCallError) {
            try FileSystem.writeAtomically(bytes, to: path)
        } catch {
            throw TarArchiveError(error.description)
        }
    }

    private static func header(for entry: Entry) throws(TarArchiveError) -> [UInt8] {
        let (prefix, name) = try splitName(entry.name)
        guard entry.bytes.count < 0o77777777777 else {
            throw TarArchiveError("\(entry.name) is \(entry.bytes.count) bytes; a ustar entry holds less than 8 GiB")
        }
        let seconds = max(0, entry.modificationTime.millisecondsSince1970 / 1000)
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) {
            header.replaceSubrange(offset..<offset + bytes.count, with: bytes)
        }
        func octal(_ value: Int64, width: Int) -> [UInt8] {
            let digits = Array(String(value, radix: 8).utf8)
            return [UInt8](repeating: UInt8(ascii: "0"), count: width - 1 - digits.count) + digits + [0]
        }
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)  // mode
        put(octal(0, width: 8), at: 108)  // uid
        put(octal(0, width: 8), at: 116)  // gid
        put(octal(Int64(entry.bytes.count), width: 12), at: 124)
        put(octal(seconds, width: 12), at: 136)
        header[156] = UInt8(ascii: "0")  // regular file
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(Array("root".utf8), at: 265)  // user name
        put(Array("root".utf8), at: 297)  // group name
        put(octal(0, width: 8), at: 329)  // device major
        put(octal(0, width: 8), at: 337)  // device minor
        put(prefix, at: 345)
        // The checksum is the sum of the header's bytes with its own field read as spaces,
        // written as six octal digits, a NUL and a space.
        put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148)
        let checksum = header.reduce(0) { $0 + Int64($1) }
        put(octal(checksum, width: 7) + [UInt8(ascii: " ")], at: 148)
        return header
    }

    /// Splits a name into the ustar `prefix` (at most 155 bytes) and `name` (at most 100 bytes)
    /// fields, cutting at a `/` when the whole does not fit in `name`.
    private static func splitName(_ text: String) throws(TarArchiveError) -> (prefix: [UInt8], name: [UInt8]) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, !bytes.contains(0) else { throw TarArchiveError("an archive entry name must be non-empty text without NUL: '\(text)'") }
        if bytes.count <= 100 { return ([], bytes) }
        let slashes = bytes.indices.filter { bytes[$0] == UInt8(ascii: "/") }
        for slash in slashes where slash > 0 && slash <= 155 && (1...100).contains(bytes.count - slash - 1) {
            return (Array(bytes[..<slash]), Array(bytes[(slash + 1)...]))
        }
        throw TarArchiveError("the archive entry name \(text) does not fit a ustar header (100 bytes, or 155 + 100 split at a '/')")
    }
}

/// An archive that could not be encoded or written; `message` says what and where.
public struct TarArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    public let message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
