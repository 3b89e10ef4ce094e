// Invalid OCPP 2.0.1 payloads are refused with the CALLERROR code the RPC framework names: every
// full sample is broken in each place its schema allows (missing required member, too long,
// value outside an enumeration, wrong type, too few or too many items, out of bounds, unknown
// member), and each broken payload must also be invalid for the official schema.

import Foundation
import OCPP201
import XCTest
import enum OCPP.Initiator
import enum OCPP.JSONParser
import enum OCPP.JSONValue
import enum OCPP.JSONWriter
import struct OCPP.PayloadError
import protocol OCPP.OCPPPayload

final class InvalidPayloadTests: XCTestCase {
    private struct Case {
        let schema: String
        let action: Action
        let isRequest: Bool
        let mutation: Mutation
    }

    private func cases() throws -> [Case] {
        var result: [Case] = []
        for samples in Samples.all {
            for (isRequest, full) in [(true, samples.requests[1] as any OCPPPayload), (false, samples.responses[1])] {
                let name = samples.action.rawValue + (isRequest ? "Request" : "Response")
                let text = try String(contentsOf: TestSupport.schemaFolder.appendingPathComponent("\(name).json"), encoding: .utf8)
                let mutations = SchemaMutations(root: try JSONParser.parse(text)).mutations(of: FrameEncoder.payload(full))
                result += mutations.map { Case(schema: name, action: samples.action, isRequest: isRequest, mutation: $0) }
            }
        }
        return result
    }

    func testBrokenRequestsAreRejectedWithTheRightCallErrorCode() throws {
        let requests = try cases().filter(\.isRequest)
        XCTAssertGreaterThan(requests.count, 1000)
        for item in requests {
            let receiver: Initiator = item.action.initiator == .chargePoint ? .centralSystem : .chargePoint
            let frame = JSONValue.array([.integer(2), .string("m-1"), .string(item.action.rawValue), item.mutation.payload])
            guard case .reject(let error) = FrameDecoder(receiver: receiver).decode(JSONWriter.string(frame)) else {
                XCTFail("\(item.schema) \(item.mutation.summary): accepted")
                continue
            }
            XCTAssertEqual(error.id, "m-1")
            XCTAssertEqual(error.code, item.mutation.expected, "\(item.schema) \(item.mutation.summary): \(error.description)")
        }
    }

    func testBrokenResponsesFailToDecodeWithTheRightCode() throws {
        let responses = try cases().filter { !$0.isRequest }
        XCTAssertGreaterThan(responses.count, 500)
        for item in responses {
            do {
                _ = try item.action.responseType.decodePayload(item.mutation.payload)
                XCTFail("\(item.schema) \(item.mutation.summary): accepted")
            } catch {
                XCTAssertEqual(CallErrorCode(for: error), item.mutation.expected, "\(item.schema) \(item.mutation.summary): \(error)")
            }
        }
    }

    func testEveryBrokenPayloadIsInvalidForTheOfficialSchema() throws {
        let all = try cases()
        let verdicts = try TestSupport.validate(all.map { ($0.schema, $0.mutation.payload) })
        XCTAssertEqual(verdicts.count, all.count)
        for (item, verdict) in zip(all, verdicts) where verdict.ok {
            XCTFail("\(item.schema) \(item.mutation.summary) is valid for the schema, so it tests nothing")
        }
        print("broken payloads checked: \(all.count)")
    }
}
