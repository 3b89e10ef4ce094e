// Every OCPP 2.0.1 request and response type: samples encoded by our code validate against the
// official schemas, and decoding them back gives the same value and the same JSON.

import Foundation
import OCPP201
import XCTest
import struct OCPP.CallResult
import enum OCPP.Initiator
import enum OCPP.JSONParser
import enum OCPP.JSONValue
import enum OCPP.JSONWriter
import protocol OCPP.OCPPPayload

final class OCPP201SchemaConformanceTests: XCTestCase {
    func testEveryActionHasRequestAndResponseSamples() {
        XCTAssertEqual(Action.allCases.count, 64)
        let covered = Set(Samples.all.map(\.action))
        XCTAssertEqual(covered, Set(Action.allCases), "actions without samples: \(Set(Action.allCases).subtracting(covered))")
        for samples in Samples.all {
            XCTAssertEqual(samples.requests.count, 2, "\(samples.action) needs a minimal and a full request")
            XCTAssertEqual(samples.responses.count, 2, "\(samples.action) needs a minimal and a full response")
            for request in samples.requests {
                XCTAssertEqual(request.action, samples.action)
                XCTAssertTrue(type(of: request) == samples.action.requestType, "\(type(of: request)) is not the request type of \(samples.action)")
            }
            for response in samples.responses {
                XCTAssertTrue(type(of: response) == samples.action.responseType, "\(type(of: response)) is not the response type of \(samples.action)")
            }
        }
    }

    func testEncodedSamplesValidateAgainstTheOfficialSchemas() throws {
        var items: [(schema: String, payload: JSONValue)] = []
        for samples in Samples.all {
            for request in samples.requests {
                items.append((samples.action.rawValue + "Request", FrameEncoder.payload(request)))
            }
            for response in samples.responses {
                items.append((samples.action.rawValue + "Response", FrameEncoder.payload(response)))
            }
        }
        let verdicts = try TestSupport.validate(items)
        XCTAssertEqual(verdicts.count, items.count)
        for (item, verdict) in zip(items, verdicts) where !verdict.ok {
            XCTFail("\(item.schema): \(JSONWriter.string(item.payload)) is invalid: \(verdict.errors.joined(separator: "; "))")
        }
        let schemaFiles = try FileManager.default.contentsOfDirectory(atPath: TestSupport.schemaFolder.path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        let checked = Set(verdicts.filter(\.ok).map(\.schema))
        XCTAssertEqual(schemaFiles.count, 128)
        XCTAssertEqual(checked, Set(schemaFiles), "schemas without a valid sample: \(Set(schemaFiles).subtracting(checked).sorted())")
        print("schemas checked: \(checked.count) of \(schemaFiles.count), payload samples validated: \(verdicts.count)")
    }

    func testFullSamplesSetEveryMemberTheSchemaDefines() throws {
        // The full sample of each payload sets every property of the schema's top-level object.
        for samples in Samples.all {
            for (suffix, full) in [("Request", samples.requests[1] as any OCPPPayload), ("Response", samples.responses[1])] {
                let schema = try JSONParser.parse(String(contentsOf: TestSupport.schemaFolder.appendingPathComponent("\(samples.action.rawValue)\(suffix).json"), encoding: .utf8))
                guard case .object(let properties)? = schema["properties"], case .object(let members) = FrameEncoder.payload(full) else {
                    XCTFail("\(samples.action)\(suffix): schema or sample is not an object")
                    continue
                }
                XCTAssertEqual(Set(members.map(\.key)), Set(properties.map(\.key)), "\(samples.action)\(suffix)")
            }
        }
    }

    func testSamplesRoundTripThroughJSON() throws {
        var count = 0
        for samples in Samples.all {
            for sample in samples.requests as [any OCPPPayload] + samples.responses {
                let json = FrameEncoder.payload(sample)
                let text = JSONWriter.string(json)
                let reparsed = try JSONParser.parse(text)
                XCTAssertEqual(reparsed, json, "text of \(type(of: sample)) does not parse back: \(text)")
                let decoded = try type(of: sample).decodePayload(reparsed)
                XCTAssertTrue(TestSupport.same(decoded, sample), "\(type(of: sample)) decoded differs: \(text)")
                XCTAssertEqual(FrameEncoder.payload(decoded), json, "\(type(of: sample)) re-encoded differs: \(text)")
                count += 1
            }
        }
        XCTAssertEqual(count, 256)
    }

    func testRequestsRoundTripAsCallFrames() {
        for samples in Samples.all {
            for request in samples.requests {
                let text = FrameEncoder.call(Call(id: "id-1", request: request))
                let receiver: Initiator = samples.action.initiator == .chargePoint ? .centralSystem : .chargePoint
                guard case .call(let call) = FrameDecoder(receiver: receiver).decode(text) else {
                    XCTFail("\(text) did not decode as a CALL")
                    continue
                }
                XCTAssertEqual(call.id, "id-1")
                XCTAssertEqual(call.action, samples.action)
                XCTAssertTrue(TestSupport.same(call.request, request))
            }
        }
    }

    func testResponsesRoundTripAsCallResultFrames() throws {
        for samples in Samples.all {
            for response in samples.responses {
                let text = FrameEncoder.callResult(CallResult(id: "r-9", payload: FrameEncoder.payload(response)))
                guard case .callResult(let result) = FrameDecoder(receiver: .chargePoint).decode(text) else {
                    XCTFail("\(text) did not decode as a CALLRESULT")
                    continue
                }
                XCTAssertEqual(result.id, "r-9")
                let decoded = try samples.action.responseType.decodePayload(result.payload)
                XCTAssertTrue(TestSupport.same(decoded, response))
            }
        }
    }
}
