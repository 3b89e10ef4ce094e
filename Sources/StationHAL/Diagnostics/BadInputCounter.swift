// Bad input from devices (line noise, broken frames, impossible readings) never crashes the
// station: drivers drop it, count it here by kind and log it.

import Synchronization

/// A kind of bad input a device can send.
public enum BadDeviceInput: String, Sendable, Hashable, CaseIterable {
    /// Bytes outside any frame (line noise, a reader's boot banner).
    case garbage
    /// A frame whose checksum or CRC does not match.
    case badChecksum
    /// A frame cut short, too long, or with characters it cannot hold.
    case malformedFrame
    /// An answer that is not the one asked for (wrong address, function or length).
    case unexpectedResponse
    /// A value the device cannot have meant (not a number, a register going backwards).
    case impossibleValue
}

/// Counts bad input by kind and logs each occurrence. Safe to use from any isolation.
public final class BadInputCounter: Sendable {
    private let counts = Mutex([BadDeviceInput: Int]())
    private let log: DeviceLog
    private let device: String

    /// A counter for `device` (named in log lines), logging to `log`.
    public init(device: String, log: DeviceLog = .discard) {
        self.device = device
        self.log = log
    }

    /// Counts one occurrence of `kind` and logs `detail` as a warning.
    public func record(_ kind: BadDeviceInput, _ detail: String) {
        let total = counts.withLock { counts -> Int in
            counts[kind, default: 0] += 1
            return counts[kind]!
        }
        log(.warning, "\(device): dropped \(kind.rawValue) (\(total) so far): \(detail)")
    }

    /// How many times `kind` was seen.
    public func count(_ kind: BadDeviceInput) -> Int {
        counts.withLock { $0[kind, default: 0] }
    }

    /// All counts.
    public var all: [BadDeviceInput: Int] { counts.withLock { $0 } }
}
