// Which devices run on the board's hardware and which are simulated: chosen per device by the
// station configuration (`simulated` or `hardware`), so a bench can mix a real reader with a
// simulated power path.

/// Where one device comes from.
public enum DeviceBackend: String, Sendable, Equatable, Codable {
    /// The simulated backend from StationHAL.
    case simulated
    /// The board's real device, as its board file wires it.
    case hardware
}

/// The backend of every device of the station (the same for all connectors).
public struct DeviceBackends: Sendable, Equatable, Codable {
    /// Vehicle-connected sense.
    public var plugSense: DeviceBackend
    /// Socket locks.
    public var lock: DeviceBackend
    /// DC contactors.
    public var contactor: DeviceBackend
    /// Power modules.
    public var powerModule: DeviceBackend
    /// Energy meters.
    public var meter: DeviceBackend
    /// Status lamps.
    public var indicator: DeviceBackend
    /// The emergency stop.
    public var emergencyStop: DeviceBackend
    /// The RFID reader.
    public var rfidReader: DeviceBackend

    /// Creates a choice; every device not named is simulated.
    public init(
        plugSense: DeviceBackend = .simulated, lock: DeviceBackend = .simulated, contactor: DeviceBackend = .simulated,
        powerModule: DeviceBackend = .simulated, meter: DeviceBackend = .simulated, indicator: DeviceBackend = .simulated,
        emergencyStop: DeviceBackend = .simulated, rfidReader: DeviceBackend = .simulated
    ) {
        self.plugSense = plugSense
        self.lock = lock
        self.contactor = contactor
        self.powerModule = powerModule
        self.meter = meter
        self.indicator = indicator
        self.emergencyStop = emergencyStop
        self.rfidReader = rfidReader
    }

    /// Everything simulated (simulated mode).
    public static let allSimulated = DeviceBackends()

    /// Everything on the board (a charger in the field).
    public static let allHardware = DeviceBackends(
        plugSense: .hardware, lock: .hardware, contactor: .hardware, powerModule: .hardware, meter: .hardware,
        indicator: .hardware, emergencyStop: .hardware, rfidReader: .hardware
    )

    /// Whether every device is simulated.
    public var isAllSimulated: Bool { self == .allSimulated }

    enum CodingKeys: String, CodingKey {
        case plugSense, lock, contactor, powerModule, meter, indicator, emergencyStop, rfidReader
    }

    /// Decodes a choice; keys left out are simulated.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func backend(_ key: CodingKeys) throws -> DeviceBackend {
            try container.decodeIfPresent(DeviceBackend.self, forKey: key) ?? .simulated
        }
        self.init(
            plugSense: try backend(.plugSense), lock: try backend(.lock), contactor: try backend(.contactor),
            powerModule: try backend(.powerModule), meter: try backend(.meter), indicator: try backend(.indicator),
            emergencyStop: try backend(.emergencyStop), rfidReader: try backend(.rfidReader)
        )
    }
}
