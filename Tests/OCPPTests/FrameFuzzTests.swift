// A deterministic fuzz test of the frame decoder: 100,000 seeded random and mutated frames. None
// may crash it, and each outcome must be a typed message, a CALLERROR to send, or a logged drop.

import OCPP
import StationTesting
import XCTest

final class FrameFuzzTests: XCTestCase {
    static let frameCount = 100_000
    static let seed: UInt64 = 0x0C99_1600

    /// Encoded sample frames to mutate: every request as a CALL, every response as a CALLRESULT,
    /// and a few CALLERRORs.
    static func corpus() -> [String] {
        var frames: [String] = []
        for (index, samples) in Samples.all.enumerated() {
            for request in samples.requests {
                frames.append(FrameEncoder.call(Call(id: MessageId("c\(index)"), request: request)))
            }
            for response in samples.responses {
                frames.append(FrameEncoder.callResult(CallResult(id: MessageId("r\(index)"), payload: FrameEncoder.payload(response))))
            }
        }
        frames.append(FrameEncoder.callError(CallError(id: "e1", code: .genericError, description: "x")))
        return frames
    }

    static let tokens = ["null", "[]", "{}", "-1", "0", "1e999", "-0.0", "\"\"", "true", "\"\\u0000\"", "\"\\ud800\"", "[[[[", "}}}",
                         "2", "3", "4", "\"Reset\"", "\"Hard\"", "9223372036854775808", "1.05", ",", ":", "\"", "\\"]

    func testRandomAndMutatedFramesNeverCrashTheDecoder() {
        var random = SeededGenerator(seed: Self.seed)
        let corpus = Self.corpus()
        let decoders = [FrameDecoder(receiver: .chargePoint), FrameDecoder(receiver: .centralSystem)]
        var outcomes: [String: Int] = [:]
        var rejectCodes: [CallErrorCode: Int] = [:]
        for round in 0..<Self.frameCount {
            let frame = Self.mutate(corpus.randomElement(using: &random)!, round: round, using: &random)
            let decoder = decoders[round & 1]
            let outcome = decoder.decode(frame)
            switch outcome {
            case .call(let call):
                outcomes["call", default: 0] += 1
                // A decoded CALL encodes and decodes to the same request.
                guard case .call(let again) = decoder.decode(FrameEncoder.call(call)), TestSupport.same(again.request, call.request) else {
                    return XCTFail("CALL did not round-trip: \(frame)")
                }
            case .callResult(let result):
                outcomes["callResult", default: 0] += 1
                guard case .object = result.payload else { return XCTFail("CALLRESULT payload not an object: \(frame)") }
            case .callError:
                outcomes["callError", default: 0] += 1
            case .reject(let error):
                outcomes["reject", default: 0] += 1
                rejectCodes[error.code, default: 0] += 1
                XCTAssertFalse(error.description.isEmpty, frame)
                // The answer we would send is itself a well-formed CALLERROR.
                guard case .callError(let echoed) = decoders[0].decode(FrameEncoder.callError(error)), echoed == error else {
                    return XCTFail("CALLERROR answer is malformed for \(frame)")
                }
            case .invalidAnswer(_, let reason):
                outcomes["invalidAnswer", default: 0] += 1
                XCTAssertFalse(reason.isEmpty, frame)
            case .drop(let reason):
                outcomes["drop", default: 0] += 1
                XCTAssertFalse(reason.isEmpty, frame)
            }
        }
        XCTAssertEqual(outcomes.values.reduce(0, +), Self.frameCount)
        // The fuzzer must actually reach every kind of outcome, or it tests too little.
        for kind in ["call", "callResult", "callError", "reject", "invalidAnswer", "drop"] {
            XCTAssertGreaterThan(outcomes[kind, default: 0], 0, "no \(kind) outcome")
        }
        let codes = rejectCodes.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }
        print("fuzz: \(Self.frameCount) frames, seed \(Self.seed): \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        print("fuzz: CALLERROR answers by code: \(codes.joined(separator: " "))")
    }

    static func mutate(_ frame: String, round: Int, using random: inout SeededGenerator) -> String {
        switch round % 8 {
        case 0:
            // Pure random bytes, printable-biased.
            let count = Int.random(in: 0...64, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            return String(decoding: bytes, as: UTF8.self)
        case 1, 2, 3:
            return byteMutation(frame, using: &random)
        default:
            return structuralMutation(frame, using: &random)
        }
    }

    static func byteMutation(_ frame: String, using random: inout SeededGenerator) -> String {
        var bytes = Array(frame.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &random)))
            case 2: bytes.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: at)
            case 3: bytes.removeSubrange(at...)
            case 4:
                let end = min(bytes.count, at + Int.random(in: 1...16, using: &random))
                bytes.insert(contentsOf: bytes[at..<end], at: end)
            default: bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &random)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func structuralMutation(_ frame: String, using random: inout SeededGenerator) -> String {
        guard let json = try? JSONParser.parse(frame) else { return frame }
        return JSONWriter.string(mutateValue(json, depth: 0, using: &random))
    }

    static func randomValue(using random: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer(Int.random(in: -5...100_000, using: &random))
        case 3: return .number(["1.5", "16.15", "-0", "1e3", "123456789012345678901234567890", "0.1"].randomElement(using: &random)!)
        case 4: return .string(["", "Accepted", "Hard", "Operative", "2026-11-21T10:00:00Z", "not-a-date", String(repeating: "x", count: 600)].randomElement(using: &random)!)
        case 5: return .array([])
        case 6: return .object([])
        case 7: return .string(Action.allCases.randomElement(using: &random)!.rawValue)
        default: return .array([.integer(1), .string("x")])
        }
    }

    static func mutateValue(_ value: JSONValue, depth: Int, using random: inout SeededGenerator) -> JSONValue {
        if depth > 0, Int.random(in: 0..<6, using: &random) == 0 { return randomValue(using: &random) }
        switch value {
        case .array(var elements):
            guard !elements.isEmpty else { return value }
            switch Int.random(in: 0..<5, using: &random) {
            case 0: elements.remove(at: Int.random(in: 0..<elements.count, using: &random))
            case 1: elements.append(randomValue(using: &random))
            case 2: elements.append(elements[Int.random(in: 0..<elements.count, using: &random)])
            default:
                let at = Int.random(in: 0..<elements.count, using: &random)
                elements[at] = mutateValue(elements[at], depth: depth + 1, using: &random)
            }
            return .array(elements)
        case .object(var members):
            switch Int.random(in: 0..<5, using: &random) {
            case 0 where !members.isEmpty: members.remove(at: Int.random(in: 0..<members.count, using: &random))
            case 1: members.append(("extra\(Int.random(in: 0..<3, using: &random))", randomValue(using: &random)))
            default:
                guard !members.isEmpty else { return value }
                let at = Int.random(in: 0..<members.count, using: &random)
                members[at].value = mutateValue(members[at].value, depth: depth + 1, using: &random)
            }
            var seen = Set<String>()
            return .object(members.filter { seen.insert($0.key).inserted })
        default:
            return randomValue(using: &random)
        }
    }
}
