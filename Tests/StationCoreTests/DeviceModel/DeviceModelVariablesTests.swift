// GetVariables and SetVariables on the OCPP 2.0.1 device model: one result per item, the
// statuses of use cases B05 and B06, and the values the owner must persist.

import StationCore
import XCTest

final class DeviceModelVariablesTests: XCTestCase {
    private let station = StationDeviceDescription(
        vendorName: "Maxero", model: "200QC", connectorsPerEVSE: [1, 1], evseMaximumPowerW: 100_000, supplyPhases: 3, connectorType: "cCCS2"
    )
    private var model: DeviceModel { .standard(station) }

    func testGetVariablesAnswersEachItemInOrder() {
        let unknownComponent = VariableKey(ComponentReference(name: "NoSuchCtrlr"), VariableReference(name: "Enabled"))
        let unknownVariable = VariableKey(.txCtrlr, VariableReference(name: "NoSuchVariable"))
        let evse3 = VariableKey.availabilityState(.evse(3))
        let outcomes = model.get([
            GetVariableItem(.heartbeatInterval),
            GetVariableItem(unknownComponent),
            GetVariableItem(unknownVariable),
            GetVariableItem(.heartbeatInterval, attribute: .target),
            GetVariableItem(.basicAuthPassword),
            GetVariableItem(evse3),
            GetVariableItem(.availabilityState(.connector(evse: 2, 1))),
        ])
        XCTAssertEqual(outcomes, [.accepted("300"), .unknownComponent, .unknownVariable, .notSupportedAttributeType, .rejected, .unknownComponent, .accepted("Available")])
    }

    func testGetVariablesCutsValuesToReportingValueSize() {
        XCTAssertEqual(model.get([GetVariableItem(.txStopPoint)], reportingValueSize: 5), [.accepted("EVCon")])
    }

    func testSetVariablesWritesValidValuesAndReturnsPersistentOnes() {
        var model = self.model
        let result = model.set([
            SetVariableItem(.heartbeatInterval, value: "120"),
            SetVariableItem(.txStartPoint, value: "EVConnected,Authorized"),
        ])
        XCTAssertEqual(result.outcomes, [.accepted, .accepted])
        XCTAssertEqual(model.integer(.heartbeatInterval), 120)
        XCTAssertEqual(model.value(.txStartPoint), "EVConnected,Authorized")
        XCTAssertEqual(result.stored, [
            StoredVariableValue(key: .heartbeatInterval, attribute: .actual, value: "120"),
            StoredVariableValue(key: .txStartPoint, attribute: .actual, value: "EVConnected,Authorized"),
        ])
    }

    func testSetVariablesRefusesWhatDoesNotFit() {
        var model = self.model
        let result = model.set([
            SetVariableItem(.heartbeatInterval, value: "often"),
            SetVariableItem(.heartbeatInterval, value: "-5"),
            SetVariableItem(.txStartPoint, value: "Rain"),
            SetVariableItem(.itemsPerMessageGetReport, value: "10"),
            SetVariableItem(.securityProfile, value: "2"),
            SetVariableItem(.heartbeatInterval, attribute: .maxSet, value: "10"),
            SetVariableItem(VariableKey(.evse(1), VariableReference(name: "Available")), value: "false"),
            SetVariableItem(VariableKey(.authCtrlr, VariableReference(name: "LocalPreAuthorize")), value: "TRUE"),
            SetVariableItem(.transactionMessageAttempts, value: "12345678901"),
        ], configurationValueSize: 10)
        XCTAssertEqual(result.outcomes, [
            .rejected(.invalidValue(.wrongDataType(.integer))),
            .rejected(.invalidValue(.belowMinimum(0))),
            .rejected(.invalidValue(.notAllowed("Rain"))),
            .rejected(.readOnly),
            .rejected(.readOnly),
            .notSupportedAttributeType,
            .rejected(.readOnly),
            .rejected(.invalidValue(.wrongDataType(.boolean))),
            .rejected(.tooLong(10)),
        ])
        XCTAssertEqual(result.stored, [])
        XCTAssertEqual(model.value(.heartbeatInterval), "300")
    }

    func testWriteOnlyValueIsSetButNeverReadBack() {
        var model = self.model
        XCTAssertEqual(model.set([SetVariableItem(.basicAuthPassword, value: "s3cret-s3cret-s3cret")]).outcomes, [.accepted])
        XCTAssertEqual(model.get([GetVariableItem(.basicAuthPassword)]), [.rejected])
        XCTAssertEqual(model.value(.basicAuthPassword), "s3cret-s3cret-s3cret")
        let reported = model.report(.configurationInventory).first { $0.key == .basicAuthPassword }
        XCTAssertNotNil(reported)
        XCTAssertNil(reported?.attributes.first?.value)
    }

    func testLaterItemsSeeEarlierWritesAndRebootRequiredIsReported() {
        var model = DeviceModel([
            DeviceVariable(.ocppCommCtrlr, "NetworkConfigurationPriority", VariableCharacteristics(dataType: .sequenceList, valuesList: ["0", "1"]),
                           value: "0", mutability: .readWrite, persistent: true, rebootRequired: true),
        ])
        let key = VariableKey(.ocppCommCtrlr, VariableReference(name: "NetworkConfigurationPriority"))
        let result = model.set([SetVariableItem(key, value: "1,0"), SetVariableItem(key, value: "2")])
        XCTAssertEqual(result.outcomes, [.rebootRequired, .rejected(.invalidValue(.notAllowed("2")))])
        XCTAssertEqual(model.value(key), "1,0")
    }

    func testRestoreAppliesOnlyStoredValuesThatStillFit() {
        var model = self.model
        model.restore([
            StoredVariableValue(key: .heartbeatInterval, attribute: .actual, value: "45"),
            StoredVariableValue(key: .txStopPoint, attribute: .actual, value: "Removed"),
            StoredVariableValue(key: .itemsPerMessageGetReport, attribute: .actual, value: "1"),
        ])
        XCTAssertEqual(model.integer(.heartbeatInterval), 45)
        XCTAssertEqual(model.value(.txStopPoint), "EVConnected,Authorized")
        XCTAssertEqual(model.integer(.itemsPerMessageGetReport), 100)
    }

    func testTransactionPointsAreReadAsTypes() {
        var model = self.model
        XCTAssertEqual(model.transactionStartPoints, [.powerPathClosed])
        XCTAssertEqual(model.transactionStopPoints, [.evConnected, .authorized])
        XCTAssertEqual(model.set([SetVariableItem(.txStartPoint, value: "Authorized,EVConnected")]).outcomes, [.accepted])
        XCTAssertEqual(model.transactionStartPoints, [.authorized, .evConnected])
        XCTAssertEqual(model.set([SetVariableItem(.txStopPoint, value: "")]).outcomes, [.accepted])
        XCTAssertEqual(model.transactionStopPoints, [])
    }

    func testCharacteristicsCheckEveryDataType() {
        XCTAssertNil(VariableCharacteristics(dataType: .decimal, minLimit: 0, maxLimit: 10).problem(with: "9.5"))
        XCTAssertEqual(VariableCharacteristics(dataType: .decimal, maxLimit: 10).problem(with: "10.5"), .aboveMaximum(10))
        XCTAssertNil(VariableCharacteristics(dataType: .dateTime).problem(with: "2026-11-21T10:15:30.123Z"))
        XCTAssertEqual(VariableCharacteristics(dataType: .dateTime).problem(with: "today"), .wrongDataType(.dateTime))
        XCTAssertEqual(VariableCharacteristics(dataType: .string, maxLimit: 3).problem(with: "abcd"), .tooLong(3))
        XCTAssertEqual(VariableCharacteristics(dataType: .optionList, valuesList: ["A", "B"]).problem(with: ""), .notAllowed(""))
        XCTAssertNil(VariableCharacteristics(dataType: .memberList, valuesList: ["A", "B"]).problem(with: ""))
        XCTAssertEqual(VariableCharacteristics(dataType: .memberList, valuesList: ["A", "B"]).problem(with: "A,A"), .wrongDataType(.memberList))
        XCTAssertNil(VariableCharacteristics(dataType: .sequenceList, valuesList: ["A", "B"]).problem(with: "B,A"))
    }
}
