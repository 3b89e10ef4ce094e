// CRC-16/MODBUS (polynomial 0xA001 reflected, initial 0xFFFF), sent low byte first: what
// protects every Modbus-RTU frame on the wire.

/// The Modbus-RTU checksum.
public enum ModbusCRC {
    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
        return crc
    }

    /// The CRC of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes { crc = (crc >> 8) ^ table[Int((crc ^ UInt16(byte)) & 0xFF)] }
        return crc
    }

    /// `bytes` followed by their CRC, low byte first.
    public static func appending(to bytes: [UInt8]) -> [UInt8] {
        let crc = checksum(bytes)
        return bytes + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    }

    /// Whether `frame` ends with the correct CRC of what precedes it.
    public static func isValid(_ frame: ArraySlice<UInt8>) -> Bool {
        guard frame.count >= 3 else { return false }
        let body = frame.dropLast(2)
        let crc = checksum(body)
        return frame[frame.endIndex - 2] == UInt8(crc & 0xFF) && frame[frame.endIndex - 1] == UInt8(crc >> 8)
    }
}
