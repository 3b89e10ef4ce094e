// The RFID driver against real pseudo-terminals made by socat: the test writes real reader
// output at the peer end and checks what the driver reports.

import Foundation
import StationHAL
import StationLinux
import XCTest

final class SerialRFIDReaderTests: XCTestCase {
    func testRDM6300FramesGoodSplitNoisyBadAndRepeated() async throws {
        let pair = try SocatPair()
        let (reader, events) = try startReader(on: pair, format: .rdm6300)
        defer { reader.stop() }
        try await Task.sleep(for: .milliseconds(100))  // bounded: let the driver open its end

        try pair.sendFromPeer(rdm6300Frame("0A00B1C2D3"))
        let split = rdm6300Frame("1234567890")
        try pair.sendFromPeer(Array(split[0..<6]))
        try await Task.sleep(for: .milliseconds(50))  // bounded: make the halves arrive in two reads
        try pair.sendFromPeer(Array(split[6...]))
        var corrupt = rdm6300Frame("FFFFFFFFFF")
        corrupt[11] = UInt8(ascii: "7")
        try pair.sendFromPeer(Array("\u{0}garbage\r\n".utf8) + corrupt)
        for _ in 0..<3 { try pair.sendFromPeer(rdm6300Frame("0A00B1C2D3")) }
        try pair.sendFromPeer(rdm6300Frame("00000000AA"))

        try await waitUntil(seconds: 5, "three cards reported") { events.count >= 3 }
        try await Task.sleep(for: .milliseconds(100))  // bounded: anything else would have arrived by now
        XCTAssertEqual(events.all, [.card(uid: "0A00B1C2D3"), .card(uid: "1234567890"), .card(uid: "00000000AA")])
        XCTAssertEqual(reader.badInput.count(.badChecksum), 1)
        XCTAssertGreaterThanOrEqual(reader.badInput.count(.garbage), 1)
    }

    func testLineReaderReportsEachUIDAndDropsJunkLines() async throws {
        let pair = try SocatPair()
        let (reader, events) = try startReader(on: pair, format: .hexLines)
        defer { reader.stop() }
        try await Task.sleep(for: .milliseconds(100))  // bounded: let the driver open its end

        try pair.sendFromPeer(Array("04a1b2c3d4\r\nREADY\r\nAABB".utf8))
        try await Task.sleep(for: .milliseconds(50))  // bounded: a line split across reads
        try pair.sendFromPeer(Array("CCDD\n".utf8))
        try await waitUntil(seconds: 5, "two cards reported") { events.count >= 2 }
        XCTAssertEqual(events.all, [.card(uid: "04A1B2C3D4"), .card(uid: "AABBCCDD")])
        XCTAssertEqual(reader.badInput.count(.malformedFrame), 1)
    }

    func testVanishedReaderRaisesReaderFailureAndIsReopenedWhenBack() async throws {
        let pair = try SocatPair()
        let (reader, events) = try startReader(on: pair, format: .rdm6300)
        defer { reader.stop() }
        try await Task.sleep(for: .milliseconds(100))  // bounded: let the driver open its end

        pair.stop()
        try await waitUntil(seconds: 5, "ReaderFailure reported") { events.all.contains { if case .failed = $0 { true } else { false } } }
        try pair.start()
        try await waitUntil(seconds: 5, "reader reopened") { events.all.contains(.recovered) }
        try await Task.sleep(for: .milliseconds(50))  // bounded: the reopened port is being watched
        try pair.sendFromPeer(rdm6300Frame("0102030405"))
        try await waitUntil(seconds: 5, "card read after reopening") { events.all.contains(.card(uid: "0102030405")) }
        let failures = events.all.filter { if case .failed = $0 { true } else { false } }
        XCTAssertEqual(failures.count, 1, "one ReaderFailure per disappearance")
    }

    func testLibSerialPortCannotOpenAPseudoTerminalAndSaysSo() throws {
        let pair = try SocatPair()
        XCTAssertThrowsError(try LibSerialPort(name: pair.deviceEnd)) { error in
            guard case .openFailed(let port, let reason)? = error as? SerialPortError else {
                return XCTFail("expected openFailed, got \(error)")
            }
            XCTAssertEqual(port, pair.deviceEnd)
            XCTAssertFalse(reason.isEmpty)
        }
    }

    func testPortEnumerationListsDevicePaths() throws {
        let ports = try LibSerialPort.availablePorts()
        for port in ports { XCTAssertTrue(port.name.hasPrefix("/dev/"), port.name) }
    }

    private func startReader(on pair: SocatPair, format: RFIDFrameFormat) throws -> (SerialRFIDReader<SystemClock>, EventLog<RFIDReaderEvent>) {
        let configuration = SerialRFIDReaderConfiguration(
            port: pair.deviceEnd, format: format, holdOff: .seconds(60), reopenInterval: .milliseconds(50)
        )
        let reader = SerialRFIDReader(configuration: configuration, opener: TermiosSerialPort.opener, clock: SystemClock())
        let events = EventLog<RFIDReaderEvent>()
        try reader.start { events.append($0) }
        return (reader, events)
    }
}
