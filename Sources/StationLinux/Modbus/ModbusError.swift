// Why a Modbus transaction failed, named so the log says what was asked and what came back.

/// A failed Modbus-RTU transaction.
public enum ModbusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No (complete, valid) answer within the response timeout, after all retries.
    case timeout(unit: UInt8, attempts: Int)
    /// The slave answered with exception `code` (1 illegal function, 2 illegal data address,
    /// 3 illegal data value, 4 slave device failure, 6 busy, ...).
    case exception(unit: UInt8, code: UInt8)
    /// Only corrupt or foreign answers arrived, after all retries.
    case badAnswer(unit: UInt8, reason: String)
    /// The serial port failed.
    case port(SerialPortError)

    public var description: String {
        switch self {
        case .timeout(let unit, let attempts): "Modbus unit \(unit) did not answer (\(attempts) attempts)"
        case .exception(let unit, let code): "Modbus unit \(unit) answered exception \(code) (\(Self.exceptionName(code)))"
        case .badAnswer(let unit, let reason): "Modbus unit \(unit) gave no valid answer: \(reason)"
        case .port(let error): error.description
        }
    }

    /// The standard name of an exception code.
    public static func exceptionName(_ code: UInt8) -> String {
        switch code {
        case 1: "illegal function"
        case 2: "illegal data address"
        case 3: "illegal data value"
        case 4: "slave device failure"
        case 5: "acknowledge"
        case 6: "slave device busy"
        case 10: "gateway path unavailable"
        case 11: "gateway target failed to respond"
        default: "unknown exception"
        }
    }
}
