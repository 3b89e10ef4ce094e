// A transfer URL as the station needs to see it: its scheme, and a form safe to write into an
// error message or a log (the password of `scheme://user:password@host/...` replaced by `***`).

/// The parts of a URL that a transfer checks and reports. libcurl parses the URL itself; this
/// only looks at what precedes the host.
struct TransferURL: Sendable {
    /// The URL as given (passed to libcurl unchanged).
    let text: String
    /// The scheme, lower-cased, or nil when the URL has no `scheme://`.
    let scheme: String?
    /// The password in the URL's user information, if any (percent-encoded, as written).
    let password: String?
    /// The URL with its password replaced by `***`.
    let redacted: String

    init(_ text: String) {
        self.text = text
        guard let separator = text.firstRange(of: "://") else {
            scheme = nil
            password = nil
            redacted = text
            return
        }
        scheme = text[..<separator.lowerBound].lowercased()
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            password = nil
            redacted = text
            return
        }
        password = String(authority[authority.index(after: colon)..<at])
        redacted = String(text[...colon]) + "***" + String(text[at...])
    }

    /// `message` with every occurrence of the password replaced by `***` (for texts that come
    /// from libcurl and might quote the URL).
    func redacting(_ message: String) -> String {
        guard let password, !password.isEmpty else { return message }
        return message.replacing(password, with: "***")
    }
}

/// Converts a duration to whole milliseconds, rounding up so that a positive duration never
/// becomes 0 (which libcurl reads as "no limit").
func wholeMilliseconds(_ duration: Duration) -> Int {
    guard duration > .zero else { return 0 }
    let (seconds, attoseconds) = duration.components
    let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int(seconds) * 1000 + Int(fraction)
}

/// Converts a duration to whole seconds, rounding up, at least 1 for a positive duration.
func wholeSeconds(_ duration: Duration) -> Int {
    let milliseconds = wholeMilliseconds(duration)
    return (milliseconds + 999) / 1000
}
