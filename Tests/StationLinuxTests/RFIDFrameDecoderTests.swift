// Decoding of reader bytes: RDM6300 frames and hex lines, split, noisy and corrupt input, and
// the hold-off that reports a resting card once.

import StationHAL
import StationLinux
import StationTesting
import XCTest

final class RFIDFrameDecoderTests: XCTestCase {
    func testGoodFrameSplitAcrossReadsIsDecodedOnce() {
        var decoder = RFIDFrameDecoder(format: .rdm6300)
        let frame = rdm6300Frame("0A00B1C2D3")
        XCTAssertEqual(decoder.feed(frame[0..<5]), [])
        XCTAssertEqual(decoder.feed(frame[5...]), [.card("0A00B1C2D3")])
    }

    func testBadChecksumAndNoiseAreDroppedAndTheNextFrameStillReads() {
        var decoder = RFIDFrameDecoder(format: .rdm6300)
        var corrupt = rdm6300Frame("0A00B1C2D3")
        corrupt[11] = UInt8(ascii: corrupt[11] == UInt8(ascii: "0") ? "1" : "0")
        let outputs = decoder.feed(Array("noise".utf8) + corrupt + [0x02, 0x41] + rdm6300Frame("1234567890"))
        XCTAssertEqual(outputs.count, 4)
        guard outputs.count == 4 else { return }
        XCTAssertEqual(kind(outputs[0]), .garbage)
        XCTAssertEqual(kind(outputs[1]), .badChecksum)
        XCTAssertEqual(kind(outputs[2]), .malformedFrame)
        XCTAssertEqual(outputs[3], .card("1234567890"))
    }

    func testNonHexInsideAFrameIsMalformed() {
        var decoder = RFIDFrameDecoder(format: .rdm6300)
        let outputs = decoder.feed([0x02] + Array("12345678ZZ00".utf8) + [0x03])
        XCTAssertEqual(outputs.first.flatMap(kind), .malformedFrame)
        XCTAssertFalse(outputs.contains { if case .card = $0 { true } else { false } })
    }

    func testHexLinesWithAnyLineEnd() {
        var decoder = RFIDFrameDecoder(format: .hexLines)
        XCTAssertEqual(decoder.feed(Array("04a1b2".utf8)), [])
        let outputs = decoder.feed(Array("c3d4\r\n\r\nDEADBEEF\n".utf8))
        XCTAssertEqual(outputs, [.card("04A1B2C3D4"), .card("DEADBEEF")])
    }

    func testHexLinesDropNonHexAndOverlongLines() {
        var decoder = RFIDFrameDecoder(format: .hexLines)
        let long = String(repeating: "A", count: 80)
        let outputs = decoder.feed(Array("READER v1.2\n\(long)\nABC\nCAFE\n".utf8))
        XCTAssertEqual(outputs.map(kind), [.malformedFrame, .malformedFrame, .malformedFrame, nil])
        XCTAssertEqual(outputs.last, .card("CAFE"))
    }

    func testRandomBytesNeverCrashTheDecoder() {
        var generator = SystemRandomNumberGenerator()
        for format in [RFIDFrameFormat.rdm6300, .hexLines] {
            var decoder = RFIDFrameDecoder(format: format)
            for _ in 0..<200 {
                let chunk = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                _ = decoder.feed(chunk)
            }
            XCTAssertEqual(decoder.feed(format == .rdm6300 ? rdm6300Frame("0102030405") : Array("\n0102030405\n".utf8)).last,
                           .card("0102030405"))
        }
    }

    func testHeldCardIsReportedOnceUntilAwayForTheHoldOff() async {
        let clock = ManualClock()
        var filter = CardHoldOff<ManualClock.Instant>(holdOff: .seconds(2))
        XCTAssertTrue(filter.shouldReport("AA", at: clock.now))
        for _ in 0..<10 {
            await clock.advance(by: .milliseconds(500))
            XCTAssertFalse(filter.shouldReport("AA", at: clock.now), "a card resting on the reader is reported once")
        }
        XCTAssertTrue(filter.shouldReport("BB", at: clock.now))
        await clock.advance(by: .seconds(2))
        XCTAssertTrue(filter.shouldReport("AA", at: clock.now))
    }

    private func kind(_ output: RFIDFrameDecoder.Output) -> BadDeviceInput? {
        if case .dropped(let kind, _) = output { kind } else { nil }
    }
}

/// An RDM6300 frame for the 10 hex characters `text`, with its XOR checksum.
func rdm6300Frame(_ text: String) -> [UInt8] {
    let bytes = stride(from: 0, to: 10, by: 2).map { offset -> UInt8 in
        let start = text.index(text.startIndex, offsetBy: offset)
        return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
    }
    let checksum = bytes.reduce(0, ^)
    let hex = String(checksum, radix: 16, uppercase: true)
    return [0x02] + Array(text.utf8) + Array((checksum < 16 ? "0" + hex : hex).utf8) + [0x03]
}
