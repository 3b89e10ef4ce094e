// What a presented identifier does on the charger: stop its own or its group's transaction, get
// the chosen, reserved, plugged or first free connector, or nothing.

import ChargingCore
import XCTest

final class CardDecisionTests: XCTestCase {
    let accepted = IdentifierInfo(status: .accepted, group: "FLEET")

    /// A charger whose connector 1 runs a transaction started by ALICE of group FLEET.
    func chargerWithATransaction() -> Charger {
        var charger = Charger(connectorCount: 2)
        let authorization = Authorization(idToken: "ALICE", groupIdToken: "FLEET")
        _ = charger.connectors[0].handle(.plugged)
        _ = charger.connectors[0].handle(.authorized(authorization))
        let record = TransactionRecord(localId: 1, connectorId: 1, authorization: authorization, meterStartWh: 0, startTime: WallClockTime(millisecondsSince1970: 0))
        _ = charger.connectors[0].handle(.transactionBegan(record))
        return charger
    }

    func testTheStartingIdentifierAndItsGroupFindTheTransaction() {
        let charger = chargerWithATransaction()
        XCTAssertEqual(charger.transactionStarted(by: "alice"), 1, "identifiers compare without case")
        XCTAssertNil(charger.transactionStarted(by: "BOB"))
        XCTAssertEqual(charger.transaction(ofGroup: "FLEET"), 1)
        XCTAssertEqual(charger.decide(card: "BOB", info: accepted, chosen: nil, sessionsBlocked: false) { _ in .free }, .stop(connectorId: 1, sameGroup: true))
        let blockedSameGroup = IdentifierInfo(status: .blocked, group: "FLEET")
        XCTAssertEqual(charger.decide(card: "BOB", info: blockedSameGroup, chosen: nil, sessionsBlocked: false) { _ in .free }, .stop(connectorId: 1, sameGroup: true),
                       "a group member stops the session whatever its own status")
    }

    func testAnAcceptedIdentifierGetsTheChosenOrTheBestFreeConnector() {
        var charger = Charger(connectorCount: 2)
        let bob = IdentifierInfo(status: .accepted)
        XCTAssertEqual(charger.decide(card: "BOB", info: bob, chosen: 2, sessionsBlocked: false) { _ in .free }, .authorize(connectorId: 2, Authorization(idToken: "BOB")))
        XCTAssertEqual(charger.decide(card: "BOB", info: bob, chosen: nil, sessionsBlocked: false) { _ in .free }, .authorize(connectorId: 1, Authorization(idToken: "BOB")))
        _ = charger.connectors[1].handle(.plugged)
        XCTAssertEqual(charger.decide(card: "BOB", info: bob, chosen: nil, sessionsBlocked: false) { _ in .free }, .authorize(connectorId: 2, Authorization(idToken: "BOB")),
                       "a plugged connector waiting for authorization comes first")
    }

    func testReservationsDecideWhoMayUseAConnector() {
        var charger = Charger(connectorCount: 2)
        _ = charger.connectors[1].handle(.reservationChanged(true))
        let bob = IdentifierInfo(status: .accepted)
        let reservedForBob: (Int) -> ReservationMatch = { $0 == 2 ? .uses(7) : .free }
        XCTAssertEqual(charger.decide(card: "BOB", info: bob, chosen: nil, sessionsBlocked: false, reservation: reservedForBob),
                       .authorize(connectorId: 2, Authorization(idToken: "BOB", reservationId: 7)), "the holder goes to its reserved connector")
        let reservedForOthers: (Int) -> ReservationMatch = { _ in .refused }
        guard case .refuse = charger.decide(card: "EVE", info: bob, chosen: nil, sessionsBlocked: false, reservation: reservedForOthers) else {
            return XCTFail("connectors reserved for others are not offered")
        }
    }

    func testNothingStartsWhenRefusedBlockedOrUnavailable() {
        var charger = Charger(connectorCount: 1)
        guard case .refuse = charger.decide(card: "BOB", info: IdentifierInfo(status: .invalid), chosen: nil, sessionsBlocked: false, reservation: { _ in .free }) else {
            return XCTFail("an invalid identifier starts nothing")
        }
        guard case .refuse = charger.decide(card: "BOB", info: IdentifierInfo(status: .accepted), chosen: nil, sessionsBlocked: true, reservation: { _ in .free }) else {
            return XCTFail("no session while a reboot is pending")
        }
        charger.availability = .inoperative
        guard case .refuse = charger.decide(card: "BOB", info: IdentifierInfo(status: .accepted), chosen: nil, sessionsBlocked: false, reservation: { _ in .free }) else {
            return XCTFail("no session on an inoperative station")
        }
    }
}
