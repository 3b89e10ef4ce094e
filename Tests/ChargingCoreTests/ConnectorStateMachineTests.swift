// The connector state machine as a value: events in, actions out, its phase derived from inputs.

import ChargingCore
import StationHAL
import XCTest

final class ConnectorStateMachineTests: XCTestCase {
    let tag = Authorization(idToken: "T", groupIdToken: "P")

    func record(_ machine: ConnectorStateMachine) -> TransactionRecord {
        TransactionRecord(localId: 7, connectorId: machine.connectorId, authorization: tag, meterStartWh: 100, startTime: WallClockTime(millisecondsSince1970: 0))
    }

    func testAuthorizationThenPlugBeginsATransaction() {
        var machine = ConnectorStateMachine(connectorId: 1)
        XCTAssertEqual(machine.phase, .available)
        XCTAssertEqual(machine.handle(.authorized(tag)), [.startConnectionTimer])
        XCTAssertEqual(machine.phase, .preparing)
        XCTAssertEqual(machine.handle(.plugged), [.cancelConnectionTimer, .beginTransaction(tag)])
        XCTAssertEqual(machine.phase, .preparing)
        XCTAssertEqual(machine.handle(.transactionBegan(record(machine))), [.offerEnergy(true)])
        XCTAssertEqual(machine.phase, .charging)
    }

    func testPlugThenAuthorizationBeginsATransactionWithoutTimer() {
        var machine = ConnectorStateMachine(connectorId: 1, plugged: true)
        XCTAssertEqual(machine.phase, .preparing)
        XCTAssertEqual(machine.handle(.authorized(tag)), [.beginTransaction(tag)])
    }

    func testStopWhilePluggedIsFinishingUntilUnplugged() {
        var machine = ConnectorStateMachine(connectorId: 2, plugged: true)
        _ = machine.handle(.authorized(tag))
        _ = machine.handle(.transactionBegan(record(machine)))
        let actions = machine.handle(.stopRequested(.local, idToken: "T"))
        XCTAssertEqual(actions, [.offerEnergy(false), .endTransaction(record(machine), reason: .local, idToken: "T"), .unlock])
        XCTAssertEqual(machine.phase, .finishing)
        XCTAssertEqual(machine.handle(.unplugged(stopTransaction: true)), [])
        XCTAssertEqual(machine.phase, .available)
    }

    func testUnplugDuringATransactionFollowsStopTransactionOnEVSideDisconnect() {
        var stopping = ConnectorStateMachine(connectorId: 1, plugged: true)
        _ = stopping.handle(.authorized(tag))
        _ = stopping.handle(.transactionBegan(record(stopping)))
        var keeping = stopping
        let stopped = stopping.handle(.unplugged(stopTransaction: true))
        XCTAssertEqual(stopped.last, .endTransaction(record(stopping), reason: .evDisconnected, idToken: nil))
        XCTAssertEqual(stopping.phase, .available)
        XCTAssertEqual(keeping.handle(.unplugged(stopTransaction: false)), [.offerEnergy(false)])
        XCTAssertEqual(keeping.phase, .suspendedByVehicle)
    }

    func testConnectionTimeoutReturnsToAvailable() {
        var machine = ConnectorStateMachine(connectorId: 1)
        _ = machine.handle(.authorized(tag))
        _ = machine.handle(.connectionTimedOut)
        XCTAssertEqual(machine.phase, .available)
        XCTAssertEqual(machine.handle(.plugged), [], "the cancelled authorization does not start on a later plug")
    }

    func testAvailabilityIsScheduledDuringATransactionAndAppliedWhenItEnds() {
        var machine = ConnectorStateMachine(connectorId: 1, plugged: true)
        _ = machine.handle(.authorized(tag))
        _ = machine.handle(.transactionBegan(record(machine)))
        let (answer, _) = machine.changeAvailability(.inoperative)
        XCTAssertEqual(answer, .scheduled)
        XCTAssertEqual(machine.phase, .charging)
        XCTAssertFalse(machine.acceptsNewSession)
        _ = machine.handle(.stopRequested(.remote, idToken: nil))
        XCTAssertEqual(machine.phase, .unavailable)
        XCTAssertEqual(machine.changeAvailability(.operative).answer, .applied)
        XCTAssertEqual(machine.phase, .finishing)
    }

    func testFaultsDeriveFaultedAndItsErrorCode() {
        var machine = ConnectorStateMachine(connectorId: 1)
        _ = machine.handle(.faultRaised(.highTemperature))
        XCTAssertEqual(machine.phase, .faulted)
        XCTAssertEqual(machine.reportedFault, .highTemperature)
        XCTAssertEqual(machine.handle(.authorized(tag)), [], "no session on a faulted connector")
        _ = machine.handle(.faultCleared(.highTemperature))
        XCTAssertEqual(machine.phase, .available)
        XCTAssertEqual(machine.reportedFault, nil)
        _ = machine.handle(.faultRaised(.readerFailure))
        XCTAssertEqual(machine.phase, .available, "a reader failure is a warning")
        XCTAssertEqual(machine.reportedFault, .readerFailure)
    }

    func testBlockedEnergyIsSuspendedEVSE() {
        var machine = ConnectorStateMachine(connectorId: 1, plugged: true)
        _ = machine.handle(.authorized(tag))
        _ = machine.handle(.transactionBegan(record(machine)))
        _ = machine.handle(.startConfirmed(transactionId: 55))
        XCTAssertEqual(machine.transaction?.transactionId, 55)
        XCTAssertEqual(machine.handle(.blockEnergy), [.offerEnergy(false)])
        XCTAssertEqual(machine.phase, .suspendedByStation)
        XCTAssertFalse(machine.energyAllowed)
    }
}
