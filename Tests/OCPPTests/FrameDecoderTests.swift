// Crafted frames reach each CALLERROR code the decoder can give, and frames that cannot be
// answered are dropped.

import Foundation
import OCPP
import XCTest

final class FrameDecoderTests: XCTestCase {
    let station = FrameDecoder(receiver: .chargePoint)
    let csms = FrameDecoder(receiver: .centralSystem)

    func rejection(_ text: String, decoder: FrameDecoder? = nil, file: StaticString = #filePath, line: UInt = #line) -> CallError? {
        guard case .reject(let error) = (decoder ?? station).decode(text) else {
            XCTFail("\(text) was not rejected: \((decoder ?? station).decode(text))", file: file, line: line)
            return nil
        }
        return error
    }

    func assertRejected(_ text: String, _ code: CallErrorCode, mentioning field: String? = nil, decoder: FrameDecoder? = nil, file: StaticString = #filePath, line: UInt = #line) {
        guard let error = rejection(text, decoder: decoder, file: file, line: line) else { return }
        XCTAssertEqual(error.code, code, error.description, file: file, line: line)
        XCTAssertEqual(error.id, "m1", file: file, line: line)
        XCTAssertEqual(error.details, .object([]), file: file, line: line)
        if let field {
            XCTAssertTrue(error.description.contains(field), "'\(error.description)' does not name \(field)", file: file, line: line)
        }
    }

    func testUnknownActionIsNotImplemented() {
        assertRejected(#"[2,"m1","FlyToTheMoon",{}]"#, .notImplemented, mentioning: "FlyToTheMoon")
    }

    func testActionOnlyTheStationSendsIsNotImplementedAtTheStation() {
        assertRejected(#"[2,"m1","BootNotification",{"chargePointVendor":"a","chargePointModel":"b"}]"#, .notImplemented)
        assertRejected(#"[2,"m1","Reset",{"type":"Hard"}]"#, .notImplemented, decoder: csms)
    }

    func testDataTransferIsAcceptedInBothDirections() {
        let text = #"[2,"m1","DataTransfer",{"vendorId":"com.example"}]"#
        guard case .call = station.decode(text), case .call = csms.decode(text) else {
            return XCTFail("DataTransfer not decoded by both sides")
        }
    }

    func testPayloadThatIsNotAnObjectIsFormationViolation() {
        assertRejected(#"[2,"m1","Reset",["Hard"]]"#, .formationViolation)
        assertRejected(#"[2,"m1","Reset","Hard"]"#, .formationViolation)
    }

    func testUnknownFieldIsFormationViolation() {
        assertRejected(#"[2,"m1","Reset",{"type":"Hard","when":"now"}]"#, .formationViolation, mentioning: "when")
        assertRejected(
            #"[2,"m1","SetChargingProfile",{"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":16,"colour":"red"}]}}}]"#,
            .formationViolation, mentioning: "csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].colour"
        )
    }

    func testMalformedCallFramesAreRejected() {
        assertRejected(#"[2,"m1","Reset"]"#, .protocolError)
        assertRejected(#"[2,"m1"]"#, .protocolError)
        assertRejected(#"[2,"m1","Reset",{"type":"Hard"},{}]"#, .formationViolation)
        assertRejected(#"[2,"m1",17,{"type":"Hard"}]"#, .formationViolation)
        assertRejected(#"[9,"m1","Reset",{"type":"Hard"}]"#, .formationViolation, mentioning: "9")
        assertRejected(#"["2","m1","Reset",{"type":"Hard"}]"#, .formationViolation)
    }

    func testOverlongMessageIdIsFormationViolation() {
        let id = String(repeating: "x", count: 37)
        guard case .reject(let error) = station.decode(#"[2,"\#(id)","Reset",{"type":"Hard"}]"#) else { return XCTFail("not rejected") }
        XCTAssertEqual(error.code, .formationViolation)
        XCTAssertEqual(error.id.value, id)
        guard case .call = station.decode(#"[2,"\#(String(repeating: "x", count: 36))","Reset",{"type":"Hard"}]"#) else {
            return XCTFail("a 36-character id is valid")
        }
    }

    func testMissingRequiredFieldIsOccurenceConstraintViolation() {
        assertRejected(#"[2,"m1","Reset",{}]"#, .occurenceConstraintViolation, mentioning: "type")
        assertRejected(#"[2,"m1","GetLog",{"logType":"SecurityLog","requestId":1,"log":{}}]"#, .occurenceConstraintViolation, mentioning: "log.remoteLocation")
    }

    func testEmptyArrayBelowMinItemsIsOccurenceConstraintViolation() {
        assertRejected(#"[2,"m1","MeterValues",{"connectorId":1,"meterValue":[]}]"#, .occurenceConstraintViolation, mentioning: "meterValue", decoder: csms)
        assertRejected(
            #"[2,"m1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-11-21T10:00:00Z","sampledValue":[]}]}]"#,
            .occurenceConstraintViolation, mentioning: "meterValue[0].sampledValue", decoder: csms
        )
    }

    func testSampledValueErrorsNameTheField() {
        let prefix = #"[2,"m1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-11-21T10:00:00Z","sampledValue":"#
        assertRejected(prefix + #"[{"value":"1"},{"valu":"1"}]}]}]"#, .formationViolation, mentioning: "meterValue[0].sampledValue[1].valu", decoder: csms)
        assertRejected(prefix + #"[{"unit":"Wh"}]}]}]"#, .occurenceConstraintViolation, mentioning: "meterValue[0].sampledValue[0].value", decoder: csms)
        assertRejected(prefix + #"[{"value":1}]}]}]"#, .typeConstraintViolation, mentioning: "meterValue[0].sampledValue[0].value", decoder: csms)
        assertRejected(prefix + #"[{"value":"1","measurand":"Magic"}]}]}]"#, .propertyConstraintViolation, mentioning: "meterValue[0].sampledValue[0].measurand", decoder: csms)
        assertRejected(prefix + #""none"}]}]"#, .typeConstraintViolation, mentioning: "meterValue[0].sampledValue", decoder: csms)
        assertRejected(#"[2,"m1","MeterValues",{"connectorId":1,"meterValue":[{"sampledValue":[{"value":"1"}]}]}]"#, .occurenceConstraintViolation, mentioning: "meterValue[0].timestamp", decoder: csms)
    }

    func testSampledValueFastPathAgreesWithCodable() throws {
        let value = SampledValue(value: "12.5", context: .sampleClock, format: .raw, measurand: .currentImport, phase: .l2, location: .cable, unit: .a)
        let viaCodable = try JSONParser.parse(String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
        XCTAssertEqual(value.json, viaCodable)
        XCTAssertEqual(try JSONDecoder().decode(SampledValue.self, from: Data(JSONWriter.string(value.json).utf8)), value)
    }

    func testWrongJSONTypeIsTypeConstraintViolation() {
        assertRejected(#"[2,"m1","Reset",{"type":5}]"#, .typeConstraintViolation, mentioning: "type")
        assertRejected(#"[2,"m1","ChangeAvailability",{"connectorId":"1","type":"Operative"}]"#, .typeConstraintViolation, mentioning: "connectorId")
        assertRejected(#"[2,"m1","ChangeAvailability",{"connectorId":1.5,"type":"Operative"}]"#, .typeConstraintViolation, mentioning: "connectorId")
        assertRejected(#"[2,"m1","ChangeAvailability",{"connectorId":1,"type":null}]"#, .typeConstraintViolation, mentioning: "type")
        assertRejected(#"[2,"m1","RemoteStartTransaction",{"idTag":"A","connectorId":null}]"#, .typeConstraintViolation, mentioning: "connectorId")
        assertRejected(#"[2,"m1","GetConfiguration",{"key":"HeartbeatInterval"}]"#, .typeConstraintViolation, mentioning: "key")
        assertRejected(#"[2,"m1","GetConfiguration",{"key":["HeartbeatInterval",7]}]"#, .typeConstraintViolation, mentioning: "key[1]")
    }

    func testInvalidValueIsPropertyConstraintViolation() {
        assertRejected(#"[2,"m1","Reset",{"type":"Medium"}]"#, .propertyConstraintViolation, mentioning: "Medium")
        let longKey = String(repeating: "K", count: 51)
        assertRejected(#"[2,"m1","ChangeConfiguration",{"key":"\#(longKey)","value":"1"}]"#, .propertyConstraintViolation, mentioning: "key")
        assertRejected(#"[2,"m1","ReserveNow",{"connectorId":1,"expiryDate":"tomorrow","idTag":"A","reservationId":1}]"#, .propertyConstraintViolation, mentioning: "expiryDate")
        assertRejected(
            #"[2,"m1","RemoteStartTransaction",{"idTag":"A","chargingProfile":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":16.15}]}}}]"#,
            .propertyConstraintViolation, mentioning: "limit"
        )
        assertRejected(#"[2,"m1","UpdateFirmware",{"location":"no scheme here","retrieveDate":"2026-11-21T10:00:00Z"}]"#, .propertyConstraintViolation, mentioning: "location")
        assertRejected(#"[2,"m1","ChangeAvailability",{"connectorId":99999999999999999999999,"type":"Operative"}]"#, .propertyConstraintViolation, mentioning: "connectorId")
    }

    func testFramesWithoutReadableIdAreDropped() {
        for text in ["not json", "{}", "[]", "[2]", #"[2,5,"Reset",{}]"#, #""hello""#, "[2,null,\"Reset\",{}]", "[2,\"unterminated"] {
            guard case .drop(let reason) = station.decode(text) else {
                XCTFail("\(text) was not dropped: \(station.decode(text))")
                continue
            }
            XCTAssertFalse(reason.isEmpty)
        }
    }

    func testMalformedAnswersAreInvalidAnswers() {
        for text in [#"[3,"a1"]"#, #"[3,"a1",[]]"#, #"[3,"a1",{},{}]"#, #"[4,"a1","GenericError"]"#, #"[4,"a1",5,"",{}]"#, #"[4,"a1","GenericError","x",[]]"#] {
            guard case .invalidAnswer(let id, _) = station.decode(text) else {
                XCTFail("\(text) was not an invalid answer: \(station.decode(text))")
                continue
            }
            XCTAssertEqual(id, "a1")
        }
    }

    func testEveryCallErrorCodeRoundTrips() {
        for code in CallErrorCode.allCases {
            let error = CallError(id: "e1", code: code, description: "because", details: .object([("field", .string("x"))]))
            let text = FrameEncoder.callError(error)
            guard case .callError(let decoded) = station.decode(text) else { return XCTFail("\(text) not decoded") }
            XCTAssertEqual(decoded, error)
        }
        XCTAssertEqual(CallErrorCode.occurenceConstraintViolation.rawValue, "OccurenceConstraintViolation")
        XCTAssertEqual(CallErrorCode.formationViolation.rawValue, "FormationViolation")
    }

    func testUnknownCallErrorCodeBecomesGenericError() {
        guard case .callError(let error) = station.decode(#"[4,"a1","Teapot","short and stout",{}]"#) else { return XCTFail() }
        XCTAssertEqual(error.code, .genericError)
        XCTAssertTrue(error.description.contains("Teapot"))
    }

    func testCallErrorFrameText() {
        let text = FrameEncoder.callError(CallError(id: "x", code: .notSupported, description: "fixed cable"))
        XCTAssertEqual(text, #"[4,"x","NotSupported","fixed cable",{}]"#)
    }

    func testCallFrameText() {
        let text = FrameEncoder.call(id: "19223201", request: BootNotification.Request(chargePointVendor: "VendorX", chargePointModel: "SingleSocketCharger"))
        XCTAssertEqual(text, #"[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger"}]"#)
    }

    func testMessageIdsAreUniqueAndShort() {
        var generator = MessageIdGenerator()
        var seen = Set<MessageId>()
        for _ in 0..<10_000 {
            let id = generator.next()
            XCTAssertLessThanOrEqual(id.value.count, MessageId.maximumLength)
            XCTAssertTrue(seen.insert(id).inserted)
        }
    }
}
