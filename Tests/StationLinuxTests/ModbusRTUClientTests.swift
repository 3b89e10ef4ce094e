// Modbus-RTU framing and the client's retry and timeout logic, in virtual time against a
// scripted port (the pymodbus tests cover the same against a real peer).

import StationHAL
import StationLinux
import StationTesting
import XCTest

final class ModbusRTUClientTests: XCTestCase {
    func testCRCOfAKnownRequest() {
        let request = ModbusReadRequest(unit: 1, kind: .holding, start: 0, count: 10)
        XCTAssertEqual(request.frame, [0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD])
    }

    func testAnswerParsingIsIncrementalAndStrict() {
        let request = ModbusReadRequest(unit: 1, kind: .input, start: 0, count: 1)
        let good = ModbusCRC.appending(to: [0x01, 0x04, 0x02, 0x12, 0x34])
        XCTAssertEqual(request.answer(Array(good.prefix(4))), .incomplete)
        XCTAssertEqual(request.answer(good), .registers([0x1234]))
        var corrupt = good
        corrupt[3] ^= 0xFF
        XCTAssertEqual(request.answer(corrupt), .badCRC)
        XCTAssertEqual(request.answer(ModbusCRC.appending(to: [0x01, 0x84, 0x02])), .exception(2))
        if case .unexpected = request.answer(ModbusCRC.appending(to: [0x02, 0x04, 0x02, 0, 0])) {} else {
            XCTFail("an answer from another unit was accepted")
        }
    }

    func testRandomAnswersNeverCrashTheParser() {
        var generator = SystemRandomNumberGenerator()
        let request = ModbusReadRequest(unit: 1, kind: .input, start: 0, count: 4)
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...20, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if case .registers = request.answer(bytes) { XCTFail("random bytes passed as an answer: \(bytes)") }
        }
    }

    func testCorruptAnswerIsRetriedAndCounted() async throws {
        let clock = ManualClock()
        var corrupt = answer(registers: [7])
        corrupt[4] ^= 0x01
        let port = ScriptedSerialPort(answers: [corrupt, answer(registers: [7])])
        let client = ModbusRTUClient(port: port, clock: clock)
        let registers = try await client.readRegisters(ModbusReadRequest(unit: 1, kind: .input, start: 0, count: 1))
        XCTAssertEqual(registers, [7])
        XCTAssertEqual(port.written.count, 2)
        XCTAssertEqual(client.badInput.count(.badChecksum), 1)
    }

    func testSilenceTimesOutOnTheInjectedClockAfterEveryRetry() async throws {
        let clock = ManualClock()
        let port = ScriptedSerialPort(answers: [nil, nil, nil])
        let client = ModbusRTUClient(port: port, clock: clock, timing: ModbusTiming(responseTimeout: .seconds(1), retries: 2))
        let read = Task { () throws(ModbusError) -> [UInt16] in
            try await client.readRegisters(ModbusReadRequest(unit: 1, kind: .input, start: 0, count: 1))
        }
        for _ in 0..<3 {
            while clock.sleeperCount == 0 { await Task.yield() }
            await clock.advance(by: .seconds(1))
        }
        do {
            _ = try await read.value
            XCTFail("silence gave registers")
        } catch {
            XCTAssertEqual(error as? ModbusError, .timeout(unit: 1, attempts: 3))
        }
        XCTAssertEqual(port.written.count, 3)
    }

    func testSilenceThenAnswerSucceedsOnRetry() async throws {
        let clock = ManualClock()
        let port = ScriptedSerialPort(answers: [nil, answer(registers: [1, 2])])
        let client = ModbusRTUClient(port: port, clock: clock)
        let read = Task { () throws(ModbusError) -> [UInt16] in
            try await client.readRegisters(ModbusReadRequest(unit: 1, kind: .input, start: 0, count: 2))
        }
        while clock.sleeperCount == 0 { await Task.yield() }
        await clock.advance(by: .milliseconds(500))
        let registers = try await read.value
        XCTAssertEqual(registers, [1, 2])
    }

    func testRegisterDecodingHonoursTypeWordOrderAndScale() {
        let float = MeterRegister(address: 0, type: .float32, scale: 1000)
        XCTAssertEqual(float.value(from: [0x4148, 0x0000], wordOrder: .highFirst), 12_500)
        let lowFirst = MeterRegister(address: 0, type: .uint32)
        XCTAssertEqual(lowFirst.value(from: [0x1170, 0x0001], wordOrder: .lowFirst), 70_000)
        let signed = MeterRegister(address: 0, type: .int16, scale: 0.1)
        XCTAssertEqual(signed.value(from: [0xFFF6], wordOrder: .highFirst), -1, accuracy: 1e-9)
    }

    private func answer(registers: [UInt16]) -> [UInt8] {
        ModbusCRC.appending(to: [0x01, 0x04, UInt8(registers.count * 2)] + registers.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }
}
