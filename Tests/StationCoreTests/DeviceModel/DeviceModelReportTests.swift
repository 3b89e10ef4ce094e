// The base reports of the OCPP 2.0.1 device model and their split into NotifyReport parts by
// ItemsPerMessage and BytesPerMessage.

import StationCore
import XCTest

final class DeviceModelReportTests: XCTestCase {
    private let model = DeviceModel.standard(StationDeviceDescription(
        vendorName: "Maxero", model: "200QC", connectorsPerEVSE: [1, 2], evseMaximumPowerW: 100_000, supplyPhases: 3, connectorType: "cCCS2"
    ))

    func testStandardModelHasTheRequiredComponents() {
        let names = Set(model.variables.map(\.key.component.name))
        for required in ["OCPPCommCtrlr", "TxCtrlr", "SampledDataCtrlr", "AlignedDataCtrlr", "AuthCtrlr", "AuthCacheCtrlr", "LocalAuthListCtrlr",
                         "ChargingStation", "EVSE", "Connector", "SecurityCtrlr", "DeviceDataCtrlr", "ClockCtrlr"] {
            XCTAssertTrue(names.contains(required), "\(required) missing")
        }
        XCTAssertTrue(model.hasComponent(.connector(evse: 2, 2)))
        XCTAssertFalse(model.hasComponent(.connector(evse: 1, 2)))
        XCTAssertEqual(model.integer(.itemsPerMessageGetReport), 100)
        XCTAssertEqual(model.value(.txStartPoint), "PowerPathClosed")
    }

    func testFullInventoryListsEveryVariableAndHidesWriteOnlyValues() {
        let full = model.report(.fullInventory)
        XCTAssertEqual(full.count, model.variables.count)
        XCTAssertEqual(full.map(\.key), model.variables.map(\.key))
        let power = full.first { $0.key == VariableKey(.evse(1), VariableReference(name: "Power")) }
        XCTAssertEqual(power?.attributes.map(\.kind), [.actual, .maxSet])
        XCTAssertEqual(power?.characteristics.unit, "W")
    }

    func testConfigurationInventoryListsOnlyWritableVariables() {
        let configuration = model.report(.configurationInventory)
        XCTAssertFalse(configuration.isEmpty)
        XCTAssertTrue(configuration.allSatisfy { $0.attributes.contains { $0.mutability != .readOnly } })
        XCTAssertTrue(configuration.contains { $0.key == .heartbeatInterval })
        XCTAssertFalse(configuration.contains { $0.key == .itemsPerMessageGetReport })
    }

    func testSummaryInventoryListsAvailabilityOfStationEVSEsAndConnectors() {
        let summary = model.report(.summaryInventory)
        XCTAssertEqual(summary.map(\.key.component), [
            .chargingStation, .evse(1), .connector(evse: 1, 1), .evse(2), .connector(evse: 2, 1), .connector(evse: 2, 2),
        ])
        XCTAssertTrue(summary.allSatisfy { $0.key.variable.name == "AvailabilityState" })
        XCTAssertTrue(DeviceModel().report(.summaryInventory).isEmpty)
    }

    func testPartsRespectItemsPerMessage() {
        let parts = ReportParts.split(Array(1...7), itemsPerMessage: 3, bytesPerMessage: 1_000) { _ in 10 }
        XCTAssertEqual(parts, [[1, 2, 3], [4, 5, 6], [7]])
    }

    func testPartsRespectBytesPerMessageWithOverhead() {
        // 100 bytes per message, 40 of them taken by the message around the entries.
        let parts = ReportParts.split([30, 30, 20, 50, 10], itemsPerMessage: 10, bytesPerMessage: 100, overhead: 40) { $0 }
        XCTAssertEqual(parts, [[30, 30], [20], [50, 10]])
    }

    func testOversizedEntryGoesAloneAndEmptyReportIsOnePart() {
        XCTAssertEqual(ReportParts.split([10, 500, 10], itemsPerMessage: 10, bytesPerMessage: 100) { $0 }, [[10], [500], [10]])
        XCTAssertEqual(ReportParts.split([Int](), itemsPerMessage: 10, bytesPerMessage: 100) { $0 }, [[]])
    }

    func testFullReportSplitsIntoPartsOfTheConfiguredSize() {
        let entries = model.report(.fullInventory)
        let items = model.integer(.itemsPerMessageGetReport)!
        let parts = ReportParts.split(entries, itemsPerMessage: 10, bytesPerMessage: model.integer(.bytesPerMessageGetReport)!) { _ in 200 }
        XCTAssertEqual(parts.flatMap { $0 }, entries)
        XCTAssertTrue(parts.dropLast().allSatisfy { $0.count == 10 })
        XCTAssertGreaterThan(items, 10)
    }
}
