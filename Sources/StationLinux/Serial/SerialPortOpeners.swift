// Picks the serial implementation for a port name: termios for pseudo-terminals (which
// libserialport cannot open), libserialport for everything a board has.

import Glibc

/// Serial port openers.
public enum SerialPortOpeners {
    /// Opens pseudo-terminals (also through a symlink, as socat makes them) with
    /// `TermiosSerialPort` and other ports with `LibSerialPort`.
    public static let automatic: SerialPortOpener = { (name: String, settings: SerialSettings) throws(SerialPortError) in
        isPseudoTerminal(name) ? try TermiosSerialPort(path: name, settings: settings) : try LibSerialPort(name: name, settings: settings)
    }

    /// Whether `path` resolves to a pseudo-terminal (`/dev/pts/N`).
    public static func isPseudoTerminal(_ path: String) -> Bool {
        guard let resolved = realpath(path, nil) else { return false }
        defer { free(resolved) }
        return String(cString: resolved).hasPrefix("/dev/pts/")
    }
}
