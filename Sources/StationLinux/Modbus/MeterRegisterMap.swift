// Where a meter keeps its readings: a register map, loaded from `hardware/meters/*.yaml`, and
// the decoding of register words into values (float32, integers, word order, scale).

/// The encoding of one value in registers.
public enum MeterValueType: String, Sendable, Equatable, Codable {
    /// IEEE 754 single precision in two registers.
    case float32
    /// Unsigned 32-bit integer in two registers.
    case uint32
    /// Signed 32-bit integer in two registers.
    case int32
    /// Unsigned 16-bit integer in one register.
    case uint16
    /// Signed 16-bit integer in one register.
    case int16

    /// How many registers a value takes.
    public var registerCount: Int { self == .uint16 || self == .int16 ? 1 : 2 }
}

/// One quantity of a meter: where it is and how to turn it into SI units (Wh, W, V, A).
public struct MeterRegister: Sendable, Equatable, Codable {
    /// First register (0-based protocol address; the datasheet's 30001 is 0).
    public var address: UInt16
    /// Encoding.
    public var type: MeterValueType
    /// Factor from the raw value to the SI unit (kWh registers: 1000).
    public var scale: Double

    /// Creates a register description.
    public init(address: UInt16, type: MeterValueType, scale: Double = 1) {
        self.address = address
        self.type = type
        self.scale = scale
    }

    enum CodingKeys: String, CodingKey { case address, type, scale }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decode(UInt16.self, forKey: .address)
        type = try container.decode(MeterValueType.self, forKey: .type)
        scale = try container.decodeIfPresent(Double.self, forKey: .scale) ?? 1
    }

    /// Decodes the value from `words` (this register's words, in bus order).
    public func value(from words: ArraySlice<UInt16>, wordOrder: MeterRegisterMap.WordOrder) -> Double {
        let first = words[words.startIndex]
        let raw: Double
        switch type {
        case .uint16: raw = Double(first)
        case .int16: raw = Double(Int16(bitPattern: first))
        case .float32, .uint32, .int32:
            let second = words[words.startIndex + 1]
            let bits = wordOrder == .highFirst ? UInt32(first) << 16 | UInt32(second) : UInt32(second) << 16 | UInt32(first)
            switch type {
            case .float32: raw = Double(Float(bitPattern: bits))
            case .int32: raw = Double(Int32(bitPattern: bits))
            default: raw = Double(bits)
            }
        }
        return raw * scale
    }
}

/// A meter family's register map.
public struct MeterRegisterMap: Sendable, Equatable, Codable {
    /// Order of the two registers of a 32-bit value.
    public enum WordOrder: String, Sendable, Equatable, Codable {
        /// Most significant register first (Modbus convention; Eastron).
        case highFirst
        /// Least significant register first (Peacefair PZEM).
        case lowFirst
    }

    /// The meter family, e.g. "Eastron SDM630".
    public var name: String
    /// The register table the values are in (input: function 0x04; holding: 0x03).
    public var registers: ModbusRegisterKind
    /// Word order of 32-bit values.
    public var wordOrder: WordOrder
    /// Active energy import (to Wh). Required: without it a meter is useless for billing.
    public var energyActiveImport: MeterRegister
    /// Active power (to W).
    public var power: MeterRegister?
    /// Voltage (to V).
    public var voltage: MeterRegister?
    /// Current (to A).
    public var current: MeterRegister?

    /// Loads a map from the YAML file at `path`.
    /// - Throws: `ConfigurationFileError` naming the file, the key and what was expected.
    public static func load(path: String) throws(ConfigurationFileError) -> MeterRegisterMap {
        try ConfigurationFileError.decodeYAML(MeterRegisterMap.self, path: path)
    }
}
