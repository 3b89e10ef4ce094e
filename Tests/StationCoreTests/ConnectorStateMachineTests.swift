// The connector state machine as a value: events in, actions out, status derived from inputs.

import OCPP
import StationCore
import StationHAL
import XCTest

final class ConnectorStateMachineTests: XCTestCase {
    let tag = Authorization(idTag: "T", parentIdTag: "P")

    func record(_ machine: ConnectorStateMachine) -> TransactionRecord {
        TransactionRecord(localId: 7, connectorId: machine.connectorId, authorization: tag, meterStartWh: 100, startTime: Timestamp(millisecondsSince1970: 0))
    }

    func testAuthorizationThenPlugBeginsATransaction() {
        var machine = ConnectorStateMachine(connectorId: 1)
        XCTAssertEqual(machine.status, .available)
        XCTAssertEqual(machine.handle(.authorized(tag)), [.startConnectionTimer])
        XCTAssertEqual(machine.status, .preparing)
        XCTAssertEqual(machine.handle(.plugged), [.cancelConnectionTimer, .beginTransaction(tag)])
        XCTAssertEqual(machine.status, .preparing)
        XCTAssertEqual(machine.handle(.transactionBegan(record(machine))), [.offerEnergy(true)])
        XCTAssertEqual(machine.status, .charging)
    }

    func testPlugThenAuthorizationBeginsATransactionWithoutTimer() {
        var machine = ConnectorStateMachine(connectorId: 1, plugged: true)
        XCTAssertEqual(machine.status, .preparing)
        XCTAssertEqual(machine.handle(.authorized(tag)), [.beginTransaction(tag)])
    }

    func testStopWhilePluggedIsFinishingUntilUnplugged() {
        var machine = ConnectorStateMachine(connectorId: 2, plugged: true)
        _ = machine.handle(.authorized(tag))
        _ = machine.handle(.transactionBegan(record(machine)))
        let actions = machine.handle(.stopRequested(.local, idTag: "T"))
        XCTAssertEqual(actions, [.offerEnergy(false), .endTransaction(record(machine), reason: .local, idTag: "T"), .unlock])
        XCTAssertEqual(machine.status, .finishing)
        XCTAssertEqual(machine.handle(.unplugged(stopTransaction: true)), [])
        XCTAssertEqual(machine.status, .available)
    }

    func testUnplugDuringATransactionFollowsStopTransactionOnEVSideDisconnect() {
        var stopping = ConnectorStateMachine(connectorId: 1, plugged: true)
        _ = stopping.handle(.authorized(tag))
        _ = stopping.handle(.transactionBegan(record(stopping)))
        var keeping = stopping
        let stopped = stopping.handle(.unplugged(stopTransaction: true))
        XCTAssertEqual(stopped.last, .endTransaction(record(stopping), reason: .evDisconnected, idTag: nil))
        XCTAssertEqual(stopping.status, .available)
        XCTAssertEqual(keeping.handle(.unplugged(stopTransaction: false)), [.offerEnergy(false)])
        XCTAssertEqual(keeping.status, .suspendedEV)
    }

    func testConnectionTimeoutReturnsToAvailable() {
        var machine = ConnectorStateMachine(connectorId: 1)
        _ = machine.handle(.authorized(tag))
        _ = machine.handle(.connectionTimedOut)
        XCTAssertEqual(machine.status, .available)
        XCTAssertEqual(machine.handle(.plugged), [], "the cancelled authorization does not start on a later plug")
    }

    func testAvailabilityIsScheduledDuringATransactionAndAppliedWhenItEnds() {
        var machine = ConnectorStateMachine(connectorId: 1, plugged: true)
        _ = machine.handle(.authorized(tag))
        _ = machine.handle(.transactionBegan(record(machine)))
        let (answer, _) = machine.changeAvailability(.inoperative)
        XCTAssertEqual(answer, .scheduled)
        XCTAssertEqual(machine.status, .charging)
        XCTAssertFalse(machine.acceptsNewSession)
        _ = machine.handle(.stopRequested(.remote, idTag: nil))
        XCTAssertEqual(machine.status, .unavailable)
        XCTAssertEqual(machine.changeAvailability(.operative).answer, .accepted)
        XCTAssertEqual(machine.status, .finishing)
    }

    func testFaultsDeriveFaultedAndItsErrorCode() {
        var machine = ConnectorStateMachine(connectorId: 1)
        _ = machine.handle(.faultRaised(.highTemperature))
        XCTAssertEqual(machine.status, .faulted)
        XCTAssertEqual(machine.errorCode, .highTemperature)
        XCTAssertEqual(machine.handle(.authorized(tag)), [], "no session on a faulted connector")
        _ = machine.handle(.faultCleared(.highTemperature))
        XCTAssertEqual(machine.status, .available)
        XCTAssertEqual(machine.errorCode, .noError)
        _ = machine.handle(.faultRaised(.readerFailure))
        XCTAssertEqual(machine.status, .available, "a reader failure is a warning")
        XCTAssertEqual(machine.errorCode, .readerFailure)
    }

    func testBlockedEnergyIsSuspendedEVSE() {
        var machine = ConnectorStateMachine(connectorId: 1, plugged: true)
        _ = machine.handle(.authorized(tag))
        _ = machine.handle(.transactionBegan(record(machine)))
        _ = machine.handle(.startConfirmed(transactionId: 55))
        XCTAssertEqual(machine.transaction?.transactionId, 55)
        XCTAssertEqual(machine.handle(.blockEnergy), [.offerEnergy(false)])
        XCTAssertEqual(machine.status, .suspendedEVSE)
        XCTAssertFalse(machine.energyAllowed)
    }
}
