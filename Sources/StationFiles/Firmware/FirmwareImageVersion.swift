// The rule by which the simulated installer names the version of any image it is given: the
// version in a `CHARGESTATION-FIRMWARE <version>` first line, otherwise one made of the file name.

/// The version of a firmware image in simulated mode. Every image has one:
///
/// 1. **Header.** When the image's first line (the bytes before the first `\n`, a trailing `\r`
///    dropped, looked for in the first `headerSearchLength` bytes) is
///    `CHARGESTATION-FIRMWARE <version>` and `<version>` is 1 to 50 printable ASCII characters
///    without spaces, the version is `<version>`.
/// 2. **File name.** Otherwise (any other first line, a binary image, an empty one, a header whose
///    version breaks the rule above), the version is made of the image's file name (the last path
///    segment of the UpdateFirmware location): its last extension is dropped when that is 1 to 5
///    ASCII letters (`maxero-2.3.1.bin` → `maxero-2.3.1`; `2.3.1` stays `2.3.1`), each character
///    that is not printable ASCII, or is a space, becomes `_`, and the result is cut to 50
///    characters (BootNotification's firmwareVersion is a CiString50). An empty result is `unknown`.
public enum FirmwareImageVersion {
    /// The first word of a simulated image's header line.
    public static let headerMagic = "CHARGESTATION-FIRMWARE"
    /// How many of the image's first bytes are searched for the header line.
    public static let headerSearchLength = 4096
    /// The longest version (BootNotification's firmwareVersion is a CiString50).
    public static let maximumLength = 50
    /// The version of an image whose name gives nothing.
    public static let unnamed = "unknown"

    /// The version of an image that starts with `prefix` (at least its first
    /// `headerSearchLength` bytes, or all of it) and is named `fileName`.
    public static func of(imageStartingWith prefix: [UInt8], fileName: String) -> String {
        header(prefix) ?? fromFileName(fileName)
    }

    /// The version in the header line of an image starting with `prefix`, nil when it has none.
    public static func header(_ prefix: [UInt8]) -> String? {
        let bytes = prefix.prefix(headerSearchLength)
        guard bytes.contains(UInt8(ascii: "\n")) || bytes.count < headerSearchLength else { return nil }
        var line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        let magic = Array((headerMagic + " ").utf8)
        guard line.starts(with: magic) else { return nil }
        let version = line.dropFirst(magic.count)
        guard (1...maximumLength).contains(version.count), version.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return String(decoding: version, as: UTF8.self)
    }

    /// The version made of `fileName` (rule 2 above).
    public static func fromFileName(_ fileName: String) -> String {
        var name = Substring(fileName)
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let extensionPart = name[name.index(after: dot)...]
            if (1...5).contains(extensionPart.count), extensionPart.allSatisfy({ $0.isASCII && $0.isLetter }) {
                name = name[..<dot]
            }
        }
        let printable = name.unicodeScalars.map { scalar in
            (0x21...0x7E).contains(scalar.value) ? Character(scalar) : "_"
        }
        let version = String(printable.prefix(maximumLength))
        return version.isEmpty ? unnamed : version
    }
}
