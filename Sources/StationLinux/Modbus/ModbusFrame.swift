// Modbus-RTU frames for reading registers: the request for function 0x03 (holding) or 0x04
// (input), and the incremental check of the answer (normal, exception, or not ours).

/// Which register table a read addresses.
public enum ModbusRegisterKind: String, Sendable, Equatable, Codable {
    /// Holding registers, function code 0x03.
    case holding
    /// Input registers, function code 0x04.
    case input

    /// The function code.
    public var functionCode: UInt8 { self == .holding ? 0x03 : 0x04 }
}

/// One read-registers transaction's frames.
public struct ModbusReadRequest: Sendable, Equatable {
    /// Slave address (1...247).
    public var unit: UInt8
    /// Register table.
    public var kind: ModbusRegisterKind
    /// First register (0-based protocol address).
    public var start: UInt16
    /// Number of registers (1...125).
    public var count: UInt16

    /// Creates a request.
    public init(unit: UInt8, kind: ModbusRegisterKind, start: UInt16, count: UInt16) {
        self.unit = unit
        self.kind = kind
        self.start = start
        self.count = count
    }

    /// The request frame with its CRC.
    public var frame: [UInt8] {
        ModbusCRC.appending(to: [unit, kind.functionCode, UInt8(start >> 8), UInt8(start & 0xFF), UInt8(count >> 8), UInt8(count & 0xFF)])
    }

    /// What the bytes received so far amount to.
    public enum Answer: Sendable, Equatable {
        /// More bytes are needed.
        case incomplete
        /// The registers asked for.
        case registers([UInt16])
        /// The slave answered with an exception code.
        case exception(UInt8)
        /// A frame with a wrong CRC.
        case badCRC
        /// Bytes that are not an answer to this request.
        case unexpected(String)
    }

    /// Checks the bytes received so far against this request.
    public func answer(_ bytes: [UInt8]) -> Answer {
        guard bytes.count >= 2 else { return .incomplete }
        guard bytes[0] == unit else { return .unexpected("answer from unit \(bytes[0]); asked unit \(unit)") }
        if bytes[1] == kind.functionCode | 0x80 {
            guard bytes.count >= 5 else { return .incomplete }
            return ModbusCRC.isValid(bytes[0..<5]) ? .exception(bytes[2]) : .badCRC
        }
        guard bytes[1] == kind.functionCode else {
            return .unexpected("function 0x\(String(bytes[1], radix: 16)); asked 0x\(String(kind.functionCode, radix: 16))")
        }
        guard bytes.count >= 3 else { return .incomplete }
        guard Int(bytes[2]) == Int(count) * 2 else { return .unexpected("\(bytes[2]) data bytes; asked \(count * 2)") }
        let length = 5 + Int(count) * 2
        guard bytes.count >= length else { return .incomplete }
        guard ModbusCRC.isValid(bytes[0..<length]) else { return .badCRC }
        let registers = (0..<Int(count)).map { UInt16(bytes[3 + 2 * $0]) << 8 | UInt16(bytes[4 + 2 * $0]) }
        return .registers(registers)
    }
}
