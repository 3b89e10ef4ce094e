// A charger board as `hardware/boards/*.yaml` describes it: for each connector, which GPIO
// lines, which Modbus meter and which power module; for the station, the emergency stop, the
// RFID reader and the Modbus bus.

public import StationHAL

/// A board's wiring. Decoded from YAML with `BoardDescription.load(path:)`.
public struct BoardDescription: Sendable, Equatable, Codable {
    /// The board's name.
    public var name: String
    /// The cabinet's total power limit, W.
    public var stationMaximumPowerW: Double
    /// The emergency-stop loop.
    public var emergencyStop: GPIOLineSpec?
    /// The RFID reader.
    public var rfidReader: RFIDReaderWiring?
    /// The RS-485 bus of the meters.
    public var modbus: ModbusBusWiring?
    /// The connectors, in id order from 1.
    public var connectors: [ConnectorWiring]

    /// The RFID reader's attachment.
    public struct RFIDReaderWiring: Sendable, Equatable, Codable {
        /// Serial port.
        public var port: String
        /// Frame format.
        public var format: RFIDFrameFormat
        /// Baud rate (RDM6300: 9600).
        public var baudRate: Int
        /// Seconds a card must be away before it is reported again.
        public var holdOffSeconds: Double
    }

    /// The meters' bus.
    public struct ModbusBusWiring: Sendable, Equatable, Codable {
        /// Serial port.
        public var port: String
        /// Line settings.
        public var baudRate: Int
        /// Parity.
        public var parity: SerialSettings.Parity
        /// Stop bits.
        public var stopBits: Int
        /// Response timeout, ms.
        public var responseTimeoutMilliseconds: Int
        /// Retries after silence or a corrupt answer.
        public var retries: Int
    }

    /// One connector's wiring.
    public struct ConnectorWiring: Sendable, Equatable, Codable {
        /// Connector id (1-based).
        public var id: Int
        /// Fixed cable (no lock) or socket outlet.
        public var fixedCable: Bool
        /// Vehicle-connected sense.
        public var plugSense: GPIOLineSpec?
        /// DC contactor coil.
        public var contactor: GPIOLineSpec?
        /// Socket lock (socket outlets only).
        public var lock: LockWiring?
        /// Power module.
        public var powerModule: PowerModuleWiring
        /// Energy meter on the Modbus bus.
        public var meter: MeterWiring?
        /// Status lamps.
        public var indicator: IndicatorWiring?
    }

    /// A motor lock with feedback.
    public struct LockWiring: Sendable, Equatable, Codable {
        /// Motor (or solenoid) output, active = lock.
        public var motor: GPIOLineSpec
        /// Feedback input, active = locked.
        public var feedback: GPIOLineSpec
        /// How long the lock takes to move, ms.
        public var travelTimeMilliseconds: Int
    }

    /// A power module.
    public struct PowerModuleWiring: Sendable, Equatable, Codable {
        /// Enable output (hardware backend).
        public var enable: GPIOLineSpec?
        /// Maximum output power, W.
        public var maximumPowerW: Double
        /// Maximum output current, A.
        public var maximumCurrentA: Double
        /// Maximum output voltage, V.
        public var maximumVoltageV: Double

        /// The ratings.
        public var ratings: PowerModuleRatings {
            PowerModuleRatings(maximumPowerW: maximumPowerW, maximumCurrentA: maximumCurrentA, maximumVoltageV: maximumVoltageV)
        }
    }

    /// A Modbus meter.
    public struct MeterWiring: Sendable, Equatable, Codable {
        /// Slave address.
        public var address: UInt8
        /// Register map file, relative to the board file's directory (or absolute).
        public var map: String
    }

    /// Three status lamps.
    public struct IndicatorWiring: Sendable, Equatable, Codable {
        /// Green: available.
        public var green: GPIOLineSpec
        /// Blue: preparing or charging.
        public var blue: GPIOLineSpec
        /// Red: fault.
        public var red: GPIOLineSpec
    }

    /// Loads and checks the board file at `path`.
    /// - Throws: `ConfigurationFileError` naming the file, the key and what was expected.
    public static func load(path: String) throws(ConfigurationFileError) -> BoardDescription {
        let board = try ConfigurationFileError.decodeYAML(BoardDescription.self, path: path)
        guard !board.connectors.isEmpty else {
            throw ConfigurationFileError(path: path, key: "connectors", problem: "empty; expected at least one connector")
        }
        for (index, connector) in board.connectors.enumerated() where connector.id != index + 1 {
            throw ConfigurationFileError(
                path: path, key: "connectors[\(index)].id", problem: "is \(connector.id); expected \(index + 1) (ids count from 1 in order)"
            )
        }
        return board
    }
}
