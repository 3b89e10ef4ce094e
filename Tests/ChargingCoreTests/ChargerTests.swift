// The charger as a whole: stored availabilities, station-wide faults reaching every connector,
// and the station's derived phase.

import ChargingCore
import StationHAL
import XCTest

final class ChargerTests: XCTestCase {
    func testStoredAvailabilitiesAreRestoredPerConnectorAndForTheStation() {
        let charger = Charger(connectorCount: 2, availability: [0: .inoperative, 2: .inoperative])
        XCTAssertEqual(charger.connectors.map(\.connectorId), [1, 2])
        XCTAssertEqual(charger.connectors.map(\.availability), [.operative, .inoperative])
        XCTAssertEqual(charger.phase, .unavailable)
        XCTAssertFalse(charger.acceptsNewSession(1), "an inoperative station takes no session on any connector")
    }

    func testAFatalStationFaultFaultsEveryConnectorAndClearsWithIt() {
        var charger = Charger(connectorCount: 2)
        let raised = charger.stationFaultRaised(.emergencyStop)
        XCTAssertEqual(raised.map(\.connectorId), [1, 2])
        XCTAssertEqual(charger.phase, .faulted)
        XCTAssertEqual(charger.reportedFault, .emergencyStop)
        XCTAssertEqual(charger.connectors.map(\.phase), [.faulted, .faulted])
        _ = charger.stationFaultCleared(.emergencyStop)
        XCTAssertEqual(charger.phase, .available)
        XCTAssertEqual(charger.connectors.map(\.phase), [.available, .available])
        XCTAssertNil(charger.reportedFault)
    }

    func testAWarningIsReportedWithoutFaultingAnything() {
        var charger = Charger(connectorCount: 2)
        XCTAssertTrue(charger.stationFaultRaised(.readerFailure).isEmpty, "a reader failure reaches no connector")
        XCTAssertEqual(charger.phase, .available)
        XCTAssertEqual(charger.reportedFault, .readerFailure)
        XCTAssertTrue(charger.acceptsNewSession(1))
    }

    func testAFatalFaultDuringATransactionStopsItWithEmergencyStop() {
        var charger = Charger(connectorCount: 1)
        let authorization = Authorization(idToken: "T")
        _ = charger.connectors[0].handle(.plugged)
        _ = charger.connectors[0].handle(.authorized(authorization))
        let record = TransactionRecord(localId: 1, connectorId: 1, authorization: authorization, meterStartWh: 0, startTime: WallClockTime(millisecondsSince1970: 0))
        _ = charger.connectors[0].handle(.transactionBegan(record))
        let actions = charger.stationFaultRaised(.emergencyStop).first?.actions ?? []
        XCTAssertTrue(actions.contains(.endTransaction(record, reason: .emergencyStop, idToken: nil)))
    }
}

final class ChargerAvailabilityTests: XCTestCase {
    func testConnectorZeroChangesTheStationAndEveryConnectorAndIsScheduledBehindASession() throws {
        var charger = Charger(connectorCount: 2)
        let authorization = Authorization(idToken: "T")
        _ = charger.connectors[0].handle(.plugged)
        _ = charger.connectors[0].handle(.authorized(authorization))
        let record = TransactionRecord(localId: 1, connectorId: 1, authorization: authorization, meterStartWh: 0, startTime: WallClockTime(millisecondsSince1970: 0))
        _ = charger.connectors[0].handle(.transactionBegan(record))
        let (change, actions) = try XCTUnwrap(charger.changeAvailability(.inoperative, connectorId: 0))
        XCTAssertEqual(change, .scheduled, "connector 1 charges: its part waits for the session's end")
        XCTAssertEqual(actions.map(\.connectorId), [1, 2])
        XCTAssertEqual(charger.availability, .inoperative)
        XCTAssertEqual(charger.connectors.map(\.phase), [.charging, .unavailable])
    }

    func testAnUnknownConnectorChangesNothing() {
        var charger = Charger(connectorCount: 2)
        XCTAssertNil(charger.changeAvailability(.inoperative, connectorId: 3))
        XCTAssertNil(charger.changeAvailability(.inoperative, connectorId: -1))
        XCTAssertEqual(charger.connectors.map(\.availability), [.operative, .operative])
        var empty = Charger(connectorCount: 0)
        XCTAssertNil(empty.changeAvailability(.inoperative, connectorId: 1), "a charger without connectors has none to change")
    }
}
