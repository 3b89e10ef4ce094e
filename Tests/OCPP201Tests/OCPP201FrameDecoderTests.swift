// The OCPP-J 2.0.1 RPC framework: frame-level errors get 2.0.1's CALLERROR codes, answers are
// matched by id, and the open parts of the schemas (customData, DataTransfer's data) pass through.

import OCPP201
import XCTest
import struct OCPP.CallResult
import enum OCPP.JSONParser
import enum OCPP.JSONValue
import enum OCPP.JSONWriter
import struct OCPP.PayloadError

final class OCPP201FrameDecoderTests: XCTestCase {
    private let station = FrameDecoder(receiver: .chargePoint)

    private func rejection(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CallError? {
        guard case .reject(let error) = station.decode(text) else {
            XCTFail("\(text) was not rejected", file: file, line: line)
            return nil
        }
        return error
    }

    func testUnknownMessageTypeIsMessageTypeNotSupported() {
        XCTAssertEqual(rejection(#"[5, "a-1", "Reset", {}]"#)?.code, .messageTypeNotSupported)
        XCTAssertEqual(rejection(#"["2", "a-2", "Reset", {}]"#)?.code, .messageTypeNotSupported)
    }

    func testMalformedCallIsRpcFrameworkError() {
        XCTAssertEqual(rejection(#"[2, "a-1", "Reset"]"#)?.code, .rpcFrameworkError)
        XCTAssertEqual(rejection(#"[2, "a-2", "Reset", {}, {}]"#)?.code, .rpcFrameworkError)
        XCTAssertEqual(rejection(#"[2, "a-3", 7, {}]"#)?.code, .rpcFrameworkError)
        let longId = String(repeating: "i", count: 37)
        let error = rejection(#"[2, "\#(longId)", "Heartbeat", {}]"#)
        XCTAssertEqual(error?.code, .rpcFrameworkError)
        XCTAssertEqual(error?.id.value, longId)
    }

    func testFramesWithoutReadableIdAreDropped() {
        for text in ["not json", #"{"a": 1}"#, "[2]", #"[2, 17, "Reset", {}]"#] {
            guard case .drop = station.decode(text) else { return XCTFail("\(text) was not dropped") }
        }
    }

    func testUnknownActionAndActionsTheStationSendsAreNotImplemented() {
        XCTAssertEqual(rejection(#"[2, "a-1", "RemoteStartTransaction", {}]"#)?.code, .notImplemented)
        XCTAssertEqual(rejection(#"[2, "a-2", "Heartbeat", {}]"#)?.code, .notImplemented)
        guard case .call(let call) = FrameDecoder(receiver: .centralSystem).decode(#"[2, "a-3", "Heartbeat", {}]"#) else {
            return XCTFail("Heartbeat not accepted by the CSMS side")
        }
        XCTAssertEqual(call.action, .heartbeat)
    }

    func testPayloadErrorsUse201Names() {
        XCTAssertEqual(rejection(#"[2, "a-1", "Reset", []]"#)?.code, .formatViolation)
        XCTAssertEqual(rejection(#"[2, "a-2", "Reset", {"type": "Immediate", "extra": 1}]"#)?.code, .formatViolation)
        XCTAssertEqual(rejection(#"[2, "a-3", "Reset", {}]"#)?.code, .occurrenceConstraintViolation)
        XCTAssertEqual(rejection(#"[2, "a-4", "Reset", {"type": "Hard"}]"#)?.code, .propertyConstraintViolation)
        XCTAssertEqual(rejection(#"[2, "a-5", "Reset", {"type": "Immediate", "evseId": "1"}]"#)?.code, .typeConstraintViolation)
        XCTAssertEqual(rejection(#"[2, "a-6", "Reset", {"type": "Immediate", "evseId": null}]"#)?.code, .typeConstraintViolation)
    }

    func testCallErrorWithUnknownCodeIsKeptAsGenericError() {
        guard case .callError(let error) = station.decode(#"[4, "c-1", "FormationViolation", "old name", {}]"#) else {
            return XCTFail("not a CALLERROR")
        }
        XCTAssertEqual(error.code, .genericError)
        XCTAssertEqual(error.description, "FormationViolation: old name")
        guard case .callError(let known) = station.decode(#"[4, "c-2", "RpcFrameworkError", "bad", {"x": 1}]"#) else {
            return XCTFail("not a CALLERROR")
        }
        XCTAssertEqual(known.code, .rpcFrameworkError)
    }

    func testCallErrorDescriptionIsCutTo255Characters() throws {
        let text = FrameEncoder.callError(CallError(id: "e-1", code: .internalError, description: String(repeating: "d", count: 400)))
        guard case .array(let elements) = try JSONParser.parse(text), case .string(let description) = elements[3] else {
            return XCTFail("not a CALLERROR frame: \(text)")
        }
        XCTAssertEqual(description.count, 255)
    }

    func testCustomDataIsAcceptedAndKeptInOrder() throws {
        let text = #"[2, "d-1", "Reset", {"type": "OnIdle", "customData": {"vendorId": "com.acme", "zeta": [1, 2], "alpha": {"on": true}}}]"#
        guard case .call(let call) = station.decode(text), let reset = call.request as? Reset.Request else {
            return XCTFail("Reset with customData not accepted")
        }
        XCTAssertEqual(reset.customData?.vendorId, "com.acme")
        XCTAssertEqual(reset.customData?.members.map(\.key), ["zeta", "alpha"])
        XCTAssertEqual(
            JSONWriter.string(FrameEncoder.payload(reset)),
            #"{"type":"OnIdle","customData":{"vendorId":"com.acme","zeta":[1,2],"alpha":{"on":true}}}"#
        )
        XCTAssertEqual(rejection(#"[2, "d-2", "Reset", {"type": "OnIdle", "customData": {"zeta": 1}}]"#)?.code, .occurrenceConstraintViolation)
    }

    func testDataTransferDataTakesAnyJSON() throws {
        let text = #"[2, "t-1", "DataTransfer", {"vendorId": "com.acme", "data": {"list": [1, "two", false], "n": 2.5}}]"#
        guard case .call(let call) = station.decode(text), let request = call.request as? DataTransfer.Request else {
            return XCTFail("DataTransfer not accepted")
        }
        XCTAssertEqual(request.data, try JSONParser.parse(#"{"list": [1, "two", false], "n": 2.5}"#))
        XCTAssertEqual(JSONWriter.string(FrameEncoder.payload(request)), #"{"data":{"list":[1,"two",false],"n":2.5},"vendorId":"com.acme"}"#)
    }

    func testTypedResponseOfACallResult() throws {
        let result = CallResult(id: "h-1", payload: try JSONParser.parse(#"{"currentTime": "2026-11-21T10:15:30.123Z"}"#))
        let response = try result.response(to: Heartbeat.Request.self)
        XCTAssertEqual(response.currentTime.rfc3339, "2026-11-21T10:15:30.123Z")
    }
}
