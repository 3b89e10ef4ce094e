// GetVariables, SetVariables and GetBaseReport of OCPP 2.0.1 answered from the device model: the
// wire results per item, the ItemsPerMessage/BytesPerMessage limits, and NotifyReport parts that
// fit the limits, in seqNo order, with tbc on all but the last.

import OCPP201
import StationCore
import XCTest
import struct OCPP.Timestamp

final class ProvisioningServiceTests: XCTestCase {
    private let model = DeviceModel.standard(StationDeviceDescription(
        vendorName: "Maxero", model: "200QC", connectorsPerEVSE: [1, 1], evseMaximumPowerW: 100_000, supplyPhases: 3, connectorType: "cCCS2"
    ))
    private let time = Timestamp(millisecondsSince1970: 1_795_256_130_123)

    private func data(_ component: String, _ variable: String, instance: String? = nil, evse: Int? = nil) -> GetVariables.GetVariableData {
        GetVariables.GetVariableData(
            component: Component(evse: evse.map { EVSE(id: $0) }, name: try! .init(component)),
            variable: Variable(name: try! .init(variable), instance: instance.map { try! .init($0) })
        )
    }

    func testGetVariablesAnswersEachItemOnTheWire() {
        let request = GetVariables.Request(getVariableData: [
            data("OCPPCommCtrlr", "HeartbeatInterval"),
            data("OCPPCommCtrlr", "MessageTimeout", instance: "Default"),
            data("SecurityCtrlr", "BasicAuthPassword"),
            data("EVSE", "Power", evse: 1),
            data("EVSE", "Power", evse: 9),
        ])
        guard case .response(let response) = ProvisioningService.answer(request, frameBytes: 500, model: model) else {
            return XCTFail("refused")
        }
        XCTAssertEqual(response.getVariableResult.map(\.attributeStatus), [.accepted, .accepted, .rejected, .accepted, .unknownComponent])
        XCTAssertEqual(response.getVariableResult.map { $0.attributeValue?.value }, ["300", "30", nil, "0", nil])
        XCTAssertEqual(response.getVariableResult[2].attributeStatusInfo?.reasonCode, "WriteOnly")
        XCTAssertEqual(response.getVariableResult[3].component, request.getVariableData[3].component)
    }

    func testTooManyItemsOrBytesAreRefusedWithTheRpcCodes() {
        let many = GetVariables.Request(getVariableData: Array(repeating: data("OCPPCommCtrlr", "HeartbeatInterval"), count: 51))
        guard case .callError(let code, _) = ProvisioningService.answer(many, frameBytes: 500, model: model) else { return XCTFail("accepted 51 items") }
        XCTAssertEqual(code, .occurrenceConstraintViolation)
        let one = GetVariables.Request(getVariableData: [data("OCPPCommCtrlr", "HeartbeatInterval")])
        guard case .callError(let bytesCode, _) = ProvisioningService.answer(one, frameBytes: 65_001, model: model) else { return XCTFail("accepted 65001 bytes") }
        XCTAssertEqual(bytesCode, .formatViolation)
    }

    func testSetVariablesChangesTheModelAndExplainsRejections() {
        var model = self.model
        let request = SetVariables.Request(setVariableData: [
            SetVariables.SetVariableData(attributeValue: "60", component: Component(name: "OCPPCommCtrlr"), variable: Variable(name: "HeartbeatInterval")),
            SetVariables.SetVariableData(attributeValue: "5", component: Component(name: "SecurityCtrlr"), variable: Variable(name: "SecurityProfile")),
            SetVariables.SetVariableData(attributeValue: "-1", component: Component(name: "TxCtrlr"), variable: Variable(name: "EVConnectionTimeOut")),
            SetVariables.SetVariableData(attributeType: .target, attributeValue: "1", component: Component(name: "TxCtrlr"), variable: Variable(name: "EVConnectionTimeOut")),
        ])
        let (answer, stored) = ProvisioningService.answer(request, frameBytes: 400, model: &model)
        guard case .response(let response) = answer else { return XCTFail("refused") }
        XCTAssertEqual(response.setVariableResult.map(\.attributeStatus), [.accepted, .rejected, .rejected, .notSupportedAttributeType])
        XCTAssertEqual(response.setVariableResult.map { $0.attributeStatusInfo?.reasonCode.value }, [nil, "ReadOnly", "ValueTooLow", nil])
        XCTAssertEqual(response.setVariableResult[3].attributeType, .target)
        XCTAssertEqual(model.integer(.heartbeatInterval), 60)
        XCTAssertEqual(stored, [StoredVariableValue(key: .heartbeatInterval, attribute: .actual, value: "60")])
    }

    func testFullBaseReportIsSentInPartsWithinTheLimits() {
        var small = model
        small.add(DeviceVariable(.deviceDataCtrlr, "ItemsPerMessage", instance: "GetReport", VariableCharacteristics(dataType: .integer), value: "7", mutability: .readOnly))
        small.add(DeviceVariable(.deviceDataCtrlr, "BytesPerMessage", instance: "GetReport", VariableCharacteristics(dataType: .integer), value: "1500", mutability: .readOnly))
        let (response, reports) = ProvisioningService.answer(GetBaseReport.Request(requestId: 42, reportBase: .fullInventory), model: small, generatedAt: time)
        XCTAssertEqual(response.status, .accepted)
        XCTAssertGreaterThan(reports.count, 1)
        XCTAssertEqual(reports.map(\.seqNo), Array(0..<reports.count))
        XCTAssertEqual(reports.map { $0.tbc ?? false }, Array(repeating: true, count: reports.count - 1) + [false])
        XCTAssertTrue(reports.allSatisfy { $0.requestId == 42 && $0.generatedAt == time })
        XCTAssertEqual(reports.flatMap { $0.reportData ?? [] }.count, small.variables.count)
        for report in reports {
            XCTAssertLessThanOrEqual(report.reportData?.count ?? 0, 7)
            let frame = FrameEncoder.call(id: "0123456789abcdef0123456789abcdef0123", request: report)
            XCTAssertLessThanOrEqual(frame.utf8.count, 1500, "seqNo \(report.seqNo) is \(frame.utf8.count) bytes")
        }
    }

    func testEmptyReportIsEmptyResultSetWithoutMessages() {
        let (response, reports) = ProvisioningService.answer(GetBaseReport.Request(requestId: 1, reportBase: .summaryInventory), model: DeviceModel(), generatedAt: time)
        XCTAssertEqual(response.status, .emptyResultSet)
        XCTAssertTrue(reports.isEmpty)
    }
}
