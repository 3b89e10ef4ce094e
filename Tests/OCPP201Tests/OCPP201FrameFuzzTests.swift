// A deterministic fuzz test of the OCPP 2.0.1 frame decoder: 40,000 seeded mutations of the sample
// frames. None may crash it; each outcome is a typed message, a CALLERROR to send, or a drop.

import OCPP201
import StationTesting
import XCTest
import struct OCPP.CallResult
import enum OCPP.JSONParser
import enum OCPP.JSONValue
import enum OCPP.JSONWriter
import struct OCPP.MessageId

final class OCPP201FrameFuzzTests: XCTestCase {
    static let frameCount = 40_000
    static let seed: UInt64 = 0x0C99_2010

    static func corpus() -> [String] {
        var frames: [String] = []
        for (index, samples) in Samples.all.enumerated() {
            frames += samples.requests.map { FrameEncoder.call(Call(id: MessageId("c\(index)"), request: $0)) }
            for response in samples.responses {
                frames.append(FrameEncoder.callResult(CallResult(id: MessageId("r\(index)"), payload: FrameEncoder.payload(response))))
            }
        }
        frames.append(FrameEncoder.callError(CallError(id: "e1", code: .rpcFrameworkError, description: "x")))
        return frames
    }

    static let tokens = ["null", "[]", "{}", "-1", "0", "1e999", "\"\"", "true", "\"\\ud800\"", "[[[", "}}", "2", "3", "4", "5", "1.5", ",", "\""]

    func testMutatedFramesNeverCrashTheDecoder() {
        var random = SeededGenerator(seed: Self.seed)
        let corpus = Self.corpus()
        let decoders = [FrameDecoder(receiver: .chargePoint), FrameDecoder(receiver: .centralSystem)]
        var outcomes: [String: Int] = [:]
        var codes: [CallErrorCode: Int] = [:]
        for round in 0..<Self.frameCount {
            let original = corpus.randomElement(using: &random)!
            let frame = round % 2 == 0 ? Self.byteMutation(original, using: &random) : Self.structuralMutation(original, using: &random)
            let decoder = decoders[round % 4 < 2 ? 0 : 1]
            switch decoder.decode(frame) {
            case .call(let call):
                outcomes["call", default: 0] += 1
                guard case .call(let again) = decoder.decode(FrameEncoder.call(call)), TestSupport.same(again.request, call.request) else {
                    return XCTFail("CALL did not round-trip: \(frame)")
                }
            case .callResult: outcomes["callResult", default: 0] += 1
            case .callError: outcomes["callError", default: 0] += 1
            case .reject(let error):
                outcomes["reject", default: 0] += 1
                codes[error.code, default: 0] += 1
                guard case .callError(let echoed) = decoders[1].decode(FrameEncoder.callError(error)), echoed.code == error.code, echoed.id == error.id else {
                    return XCTFail("CALLERROR answer is malformed for \(frame)")
                }
            case .invalidAnswer: outcomes["invalidAnswer", default: 0] += 1
            case .drop(let reason):
                outcomes["drop", default: 0] += 1
                XCTAssertFalse(reason.isEmpty)
            }
        }
        XCTAssertEqual(outcomes.values.reduce(0, +), Self.frameCount)
        for kind in ["call", "callResult", "callError", "reject", "invalidAnswer", "drop"] {
            XCTAssertGreaterThan(outcomes[kind, default: 0], 0, "no \(kind) outcome")
        }
        for code in [CallErrorCode.formatViolation, .occurrenceConstraintViolation, .propertyConstraintViolation, .typeConstraintViolation,
                     .messageTypeNotSupported, .rpcFrameworkError, .notImplemented] {
            XCTAssertGreaterThan(codes[code, default: 0], 0, "no \(code.rawValue) answer")
        }
        print("fuzz 2.0.1: \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }

    static func byteMutation(_ frame: String, using random: inout SeededGenerator) -> String {
        var bytes = Array(frame.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &random)))
            case 2: bytes.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: at)
            default: bytes.removeSubrange(at...)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func structuralMutation(_ frame: String, using random: inout SeededGenerator) -> String {
        guard let json = try? JSONParser.parse(frame) else { return frame }
        return JSONWriter.string(mutate(json, depth: 0, using: &random))
    }

    static func randomValue(using random: inout SeededGenerator) -> JSONValue {
        let values: [JSONValue] = [
            .null, .bool(true), .integer(-1), .integer(101), .number("2.5"), .string(""), .string("Accepted"), .string("2026-11-21T10:00:00Z"),
            .string(String(repeating: "x", count: 2600)), .array([]), .object([]), .string(Action.allCases.randomElement(using: &random)!.rawValue),
        ]
        return values.randomElement(using: &random)!
    }

    static func mutate(_ value: JSONValue, depth: Int, using random: inout SeededGenerator) -> JSONValue {
        if depth > 0, Int.random(in: 0..<5, using: &random) == 0 { return randomValue(using: &random) }
        switch value {
        case .array(var elements) where !elements.isEmpty:
            let at = Int.random(in: 0..<elements.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: elements.remove(at: at)
            case 1: elements.append(elements[at])
            default: elements[at] = mutate(elements[at], depth: depth + 1, using: &random)
            }
            return .array(elements)
        case .object(var members) where !members.isEmpty:
            let at = Int.random(in: 0..<members.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: members.remove(at: at)
            case 1: members.append((key: "unexpected", value: randomValue(using: &random)))
            default: members[at].value = mutate(members[at].value, depth: depth + 1, using: &random)
            }
            return .object(members)
        default:
            return randomValue(using: &random)
        }
    }
}
