// Turns the bytes of a serial RFID reader into card identifiers: the RDM6300 ASCII frame
// (STX, 10 hex, 2 hex XOR checksum, ETX) or one hex UID per line. Frames may arrive split
// across reads; noise and broken frames are dropped and reported, never trusted.

public import StationHAL

/// The output format of a serial RFID reader.
public enum RFIDFrameFormat: String, Sendable, Equatable, Codable {
    /// 125 kHz RDM6300-class modules: 0x02, 10 hex characters (version byte + 4-byte card
    /// number), 2 hex characters of the XOR of those 5 bytes, 0x03.
    case rdm6300
    /// Readers printing one hex UID per line (CR, LF or both).
    case hexLines
}

/// A value that decodes a reader's byte stream incrementally.
public struct RFIDFrameDecoder: Sendable {
    /// What a chunk of input amounted to.
    public enum Output: Sendable, Equatable {
        /// A card, as upper-case hex.
        case card(String)
        /// Bad input that was dropped.
        case dropped(BadDeviceInput, String)
    }

    /// The longest line a line-based reader may send (longer ones are noise).
    public static let maximumLineLength = 32

    private let format: RFIDFrameFormat
    private var pending: [UInt8] = []
    private var inFrame = false
    private var garbage = 0

    /// A decoder for `format`.
    public init(format: RFIDFrameFormat) {
        self.format = format
    }

    /// Feeds received bytes; returns the cards and dropped input they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Output] {
        var outputs: [Output] = []
        for byte in bytes {
            switch format {
            case .rdm6300: feedFrameByte(byte, into: &outputs)
            case .hexLines: feedLineByte(byte, into: &outputs)
            }
        }
        flushGarbage(into: &outputs)
        return outputs
    }

    private static let stx: UInt8 = 0x02
    private static let etx: UInt8 = 0x03

    private mutating func feedFrameByte(_ byte: UInt8, into outputs: inout [Output]) {
        if byte == Self.stx {
            if inFrame { outputs.append(.dropped(.malformedFrame, "frame cut short after \(pending.count) characters")) }
            flushGarbage(into: &outputs)
            inFrame = true
            pending.removeAll()
            return
        }
        guard inFrame else {
            garbage += 1
            return
        }
        if byte == Self.etx {
            inFrame = false
            outputs.append(decodeFrame(pending))
            pending.removeAll()
        } else if pending.count >= 12 || Self.hexValue(byte) == nil {
            inFrame = false
            outputs.append(.dropped(.malformedFrame, "unexpected byte 0x\(Self.hex(byte)) in a frame"))
            pending.removeAll()
        } else {
            pending.append(byte)
        }
    }

    private func decodeFrame(_ characters: [UInt8]) -> Output {
        guard characters.count == 12 else {
            return .dropped(.malformedFrame, "frame of \(characters.count) characters; expected 12")
        }
        let values = stride(from: 0, to: 12, by: 2).map { Self.hexValue(characters[$0])! << 4 | Self.hexValue(characters[$0 + 1])! }
        let checksum = values[0..<5].reduce(0, ^)
        let text = String(decoding: characters[0..<10], as: UTF8.self).uppercased()
        guard checksum == values[5] else {
            return .dropped(.badChecksum, "frame \(text) has checksum \(Self.hex(values[5])); computed \(Self.hex(checksum))")
        }
        return .card(text)
    }

    private mutating func feedLineByte(_ byte: UInt8, into outputs: inout [Output]) {
        guard byte != 0x0A, byte != 0x0D else {
            if !pending.isEmpty { outputs.append(decodeLine(pending)) }
            pending.removeAll()
            inFrame = false
            return
        }
        if inFrame { return }  // the rest of an overlong line
        pending.append(byte)
        if pending.count > Self.maximumLineLength {
            outputs.append(.dropped(.malformedFrame, "line longer than \(Self.maximumLineLength) characters"))
            pending.removeAll()
            inFrame = true
        }
    }

    private func decodeLine(_ line: [UInt8]) -> Output {
        let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        let text = String(decoding: trimmed, as: UTF8.self)
        guard trimmed.count >= 4, trimmed.count.isMultiple(of: 2), trimmed.allSatisfy({ Self.hexValue($0) != nil }) else {
            return .dropped(.malformedFrame, "line \(text.debugDescription) is not an even number (4 or more) of hex digits")
        }
        return .card(text.uppercased())
    }

    private mutating func flushGarbage(into outputs: inout [Output]) {
        guard garbage > 0 else { return }
        outputs.append(.dropped(.garbage, "\(garbage) bytes outside frames"))
        garbage = 0
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
