// How a board names a GPIO line (chip + offset, or the line's name from the device tree) and
// whether it is active-low; and why a GPIO operation failed.

/// A GPIO line as a board description names it.
public struct GPIOLineSpec: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The chip (`gpiochip0`, `/dev/gpiochip0`, its label or number), with `offset`.
    public var chip: String?
    /// The line's offset on `chip`.
    public var offset: UInt32?
    /// The line's name (from the device tree), instead of chip + offset.
    public var name: String?
    /// Whether the logical "active" level is the low voltage.
    public var activeLow: Bool

    /// A line by chip and offset.
    public init(chip: String, offset: UInt32, activeLow: Bool = false) {
        self.chip = chip
        self.offset = offset
        self.activeLow = activeLow
    }

    /// A line by name.
    public init(name: String, activeLow: Bool = false) {
        self.name = name
        self.activeLow = activeLow
    }

    enum CodingKeys: String, CodingKey { case chip, offset, name, activeLow }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        chip = try container.decodeIfPresent(String.self, forKey: .chip)
        offset = try container.decodeIfPresent(UInt32.self, forKey: .offset)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        activeLow = try container.decodeIfPresent(Bool.self, forKey: .activeLow) ?? false
        guard name != nil || (chip != nil && offset != nil) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected `name`, or `chip` and `offset`"
            ))
        }
    }

    public var description: String {
        let place = name.map { "line \"\($0)\"" } ?? "\(chip ?? "?") line \(offset ?? 0)"
        return activeLow ? "\(place) (active-low)" : place
    }
}

/// Where a line is: its chip and offset (after looking a name up).
public struct GPIOLineAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The chip.
    public var chip: String
    /// The offset on the chip.
    public var offset: UInt32

    /// Creates an address.
    public init(chip: String, offset: UInt32) {
        self.chip = chip
        self.offset = offset
    }

    public var description: String { "\(chip) line \(offset)" }
}

/// A failed GPIO operation.
public enum GPIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The chip cannot be opened (absent, no permission).
    case chipUnavailable(chip: String, reason: String)
    /// No chip has a line of this name.
    case lineNotFound(name: String, reason: String)
    /// The line cannot be requested (in use by another consumer, no permission, bad offset).
    case requestFailed(line: String, reason: String)
    /// Reading, writing or waiting for an event failed.
    case ioFailed(line: String, reason: String)

    public var description: String {
        switch self {
        case .chipUnavailable(let chip, let reason): "GPIO chip \(chip) unavailable: \(reason)"
        case .lineNotFound(let name, let reason): "no GPIO line named \"\(name)\": \(reason)"
        case .requestFailed(let line, let reason): "cannot request GPIO \(line): \(reason)"
        case .ioFailed(let line, let reason): "GPIO \(line) I/O failed: \(reason)"
        }
    }
}
