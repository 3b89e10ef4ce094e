// Unit tests of the ReservationService value: ReserveNow answers, replacement by id, who may use
// a reserved connector (parentIdTag, connector 0), ending and expiry restored after a reboot.

import ChargingCore
import OCPP
@testable import StationCore
import XCTest

final class ReservationServiceTests: XCTestCase {
    /// The station as the service sees it: connectors whose holds are applied the way the
    /// Station actor performs `.hold`.
    struct Bench {
        var service: ReservationService
        var connectors: [ConnectorStateMachine]
        var stationOperative = true
        var connectorZeroSupported = true
        var rebootPending = false
        var now = ReservationServiceTests.now

        init(connectors: [Condition], stored: JSONValue? = nil) throws {
            service = try ReservationService(stored: stored)
            self.connectors = connectors.enumerated().map { index, condition in condition.machine(index + 1) }
        }

        var context: ReservationService.Context {
            var charger = Charger(connectorCount: 0, availability: [0: stationOperative ? .operative : .inoperative])
            charger.connectors = connectors
            return .init(charger: charger, connectorZeroSupported: connectorZeroSupported, rebootPending: rebootPending, now: now)
        }

        /// ReserveNow as the station handles it: decide, then apply what was accepted.
        @discardableResult
        mutating func reserve(_ request: ReserveNow.Request) -> (ReserveNow.ReservationStatus, [ReservationService.Action]) {
            let (status, updated) = service.decide(request, in: context)
            guard let updated else { return (status, []) }
            let actions = service.apply(request)
            XCTAssertEqual(service.reservations, updated, "the list persisted before applying is the list applied")
            perform(actions)
            return (status, actions)
        }

        mutating func perform(_ actions: [ReservationService.Action]) {
            for case .hold(let connectorId, let reserved) in actions {
                _ = connectors[connectorId - 1].handle(.reservationChanged(reserved))
            }
        }

        func check(_ connectorId: Int, _ idTag: IdToken, parent: IdToken? = nil) -> ReservationService.Check {
            service.check(connectorId: connectorId, idTag: idTag, parentIdTag: parent, in: context)
        }
    }

    /// What a connector is doing when a request arrives.
    enum Condition {
        case available, preparing, charging, faulted, unavailable

        func machine(_ id: Int) -> ConnectorStateMachine {
            var machine = ConnectorStateMachine(connectorId: id)
            switch self {
            case .available: break
            case .preparing: _ = machine.handle(.plugged)
            case .charging:
                let authorization = Authorization(idToken: "USER")
                _ = machine.handle(.authorized(authorization))
                _ = machine.handle(.plugged)
                let record = TransactionRecord(localId: Int64(id), connectorId: id, authorization: authorization, meterStartWh: 0, startTime: .init(millisecondsSince1970: 0))
                _ = machine.handle(.transactionBegan(record))
            case .faulted: _ = machine.handle(.faultRaised(.groundFailure))
            case .unavailable: _ = machine.handle(.changeAvailability(.inoperative))
            }
            return machine
        }
    }

    static let now = Timestamp(millisecondsSince1970: 1_800_000_000_000)
    static let later = now.adding(seconds: 3600)

    func reservation(_ id: Int, on connectorId: Int, for idTag: IdToken = "ALICE", parent: IdToken? = nil, until expiry: Timestamp = ReservationServiceTests.later) -> ReserveNow.Request {
        ReserveNow.Request(connectorId: connectorId, expiryDate: expiry, idTag: idTag, parentIdTag: parent, reservationId: id)
    }

    /// The actions without their log lines.
    func effects(_ actions: [ReservationService.Action]) -> [ReservationService.Action] {
        actions.filter { if case .log = $0 { false } else { true } }
    }

    // MARK: ReserveNow answers

    func testReserveNowAnswers() throws {
        struct Case {
            var name: String
            var connectors: [Condition] = [.available, .available]
            var existing: [ReserveNow.Request] = []
            var connectorZeroSupported = true
            var stationOperative = true
            var rebootPending = false
            var request: ReserveNow.Request
            var expected: ReserveNow.ReservationStatus
        }
        let cases: [Case] = [
            Case(name: "available connector", request: reservation(1, on: 1), expected: .accepted),
            Case(name: "faulted connector", connectors: [.faulted, .available], request: reservation(1, on: 1), expected: .faulted),
            Case(name: "unavailable connector", connectors: [.unavailable, .available], request: reservation(1, on: 1), expected: .unavailable),
            Case(name: "plugged connector", connectors: [.preparing, .available], request: reservation(1, on: 1), expected: .occupied),
            Case(name: "charging connector", connectors: [.charging, .available], request: reservation(1, on: 1), expected: .occupied),
            Case(name: "reserved by another id", existing: [reservation(9, on: 1, for: "BOB")], request: reservation(1, on: 1), expected: .occupied),
            Case(name: "same id on the same connector replaces", existing: [reservation(1, on: 1, for: "BOB")], request: reservation(1, on: 1), expected: .accepted),
            Case(name: "reset pending", rebootPending: true, request: reservation(1, on: 1), expected: .occupied),
            Case(name: "expiry in the past", request: reservation(1, on: 1, until: Self.now.adding(seconds: -1)), expected: .rejected),
            Case(name: "expiry now", request: reservation(1, on: 1, until: Self.now), expected: .rejected),
            Case(name: "unknown connector", request: reservation(1, on: 3), expected: .rejected),
            Case(name: "negative connector", request: reservation(1, on: -1), expected: .rejected),
            Case(name: "connector 0 unsupported", connectorZeroSupported: false, request: reservation(1, on: 0), expected: .rejected),
            Case(name: "connector 0, one connector free", connectors: [.charging, .available], request: reservation(1, on: 0), expected: .accepted),
            Case(name: "connector 0, station inoperative", stationOperative: false, request: reservation(1, on: 0), expected: .unavailable),
            Case(name: "connector 0, all faulted", connectors: [.faulted, .faulted], request: reservation(1, on: 0), expected: .faulted),
            Case(name: "connector 0, none free", connectors: [.charging, .faulted], request: reservation(1, on: 0), expected: .occupied),
            Case(name: "connector 0, the free one reserved", connectors: [.charging, .available], existing: [reservation(9, on: 2, for: "BOB")], request: reservation(1, on: 0), expected: .occupied),
            Case(name: "connector 0, already one for connector 0", existing: [reservation(9, on: 0, for: "BOB")], request: reservation(1, on: 0), expected: .occupied),
            Case(name: "connector 0, same id replaces", existing: [reservation(1, on: 0, for: "BOB")], request: reservation(1, on: 0), expected: .accepted),
        ]
        for test in cases {
            var bench = try Bench(connectors: test.connectors)
            for existing in test.existing { XCTAssertEqual(bench.reserve(existing).0, .accepted, "\(test.name): setup") }
            bench.connectorZeroSupported = test.connectorZeroSupported
            bench.stationOperative = test.stationOperative
            bench.rebootPending = test.rebootPending
            let before = bench.service.reservations
            let (status, updated) = bench.service.decide(test.request, in: bench.context)
            XCTAssertEqual(status, test.expected, test.name)
            XCTAssertEqual(updated != nil, test.expected == .accepted, "\(test.name): a list to persist only when accepted")
            XCTAssertEqual(bench.service.reservations, before, "\(test.name): deciding changes nothing")
        }
    }

    func testAcceptedReservationHoldsTheConnectorAndArmsItsExpiry() throws {
        var bench = try Bench(connectors: [.available, .available])
        let (status, actions) = bench.reserve(reservation(1, on: 2))
        XCTAssertEqual(status, .accepted)
        XCTAssertEqual(effects(actions), [.hold(connectorId: 2, true), .expire(reservationId: 1, at: Self.later)])
        XCTAssertEqual(bench.connectors.map(\.status), [.available, .reserved])
        XCTAssertTrue(bench.service.contains(1))
    }

    func testReplacingAReservationOnAnotherConnectorReleasesTheOldOne() throws {
        var bench = try Bench(connectors: [.available, .available])
        bench.reserve(reservation(1, on: 1, for: "ALICE"))
        let newExpiry = Self.later.adding(seconds: 600)
        let (status, actions) = bench.reserve(reservation(1, on: 2, for: "BOB", until: newExpiry))
        XCTAssertEqual(status, .accepted)
        XCTAssertEqual(effects(actions), [.hold(connectorId: 1, false), .hold(connectorId: 2, true), .expire(reservationId: 1, at: newExpiry)])
        XCTAssertEqual(bench.connectors.map(\.status), [.available, .reserved])
        XCTAssertEqual(bench.service.reservations.map(\.connectorId), [2], "one reservation per id")
        XCTAssertEqual(bench.check(2, "BOB"), .uses(1))
        XCTAssertEqual(bench.check(1, "ALICE"), .free)
    }

    func testReplacingAConnectorZeroReservationWithAConnectorOneHoldsOnlyTheNewConnector() throws {
        var bench = try Bench(connectors: [.available, .available])
        bench.reserve(reservation(1, on: 0))
        let (status, actions) = bench.reserve(reservation(1, on: 1))
        XCTAssertEqual(status, .accepted)
        XCTAssertEqual(effects(actions), [.hold(connectorId: 1, true), .expire(reservationId: 1, at: Self.later)])
    }

    // MARK: Who may use a reservation

    func testReservedConnectorServesItsTagOrAChildOfItsParent() throws {
        var bench = try Bench(connectors: [.available, .available])
        bench.reserve(reservation(4, on: 1, for: "ALICE", parent: "FLEET"))
        bench.reserve(reservation(5, on: 2, for: "CAROL"))
        let table: [(connector: Int, tag: IdToken, parent: IdToken?, expected: ReservationService.Check)] = [
            (1, "ALICE", nil, .uses(4)),
            (1, "BOB", "FLEET", .uses(4)),
            (1, "BOB", "OTHER", .refused),
            (1, "BOB", nil, .refused),
            (2, "CAROL", nil, .uses(5)),
            (2, "DAVE", "FLEET", .refused),
            (2, "DAVE", nil, .refused),
        ]
        for row in table {
            XCTAssertEqual(bench.check(row.connector, row.tag, parent: row.parent), row.expected, "\(row.tag) on \(row.connector)")
        }
        XCTAssertEqual(ReservationService.Check.uses(4).reservationId, 4)
        XCTAssertNil(ReservationService.Check.refused.reservationId)
    }

    func testConnectorZeroReservationKeepsOneConnectorFreeForItsTag() throws {
        var bench = try Bench(connectors: [.available, .available])
        let (_, actions) = bench.reserve(reservation(7, on: 0, for: "ALICE", parent: "FLEET"))
        XCTAssertEqual(effects(actions), [.expire(reservationId: 7, at: Self.later)], "no connector in particular is held")
        XCTAssertEqual(bench.connectors.map(\.status), [.available, .available])
        // Both free: someone else may start on either; the reserved tag uses the reservation.
        XCTAssertEqual(bench.check(1, "BOB"), .free)
        XCTAssertEqual(bench.check(1, "ALICE"), .uses(7))
        XCTAssertEqual(bench.check(2, "CHILD", parent: "FLEET"), .uses(7))
        // Connector 2 busy: connector 1 is the last free one and stays for the reservation.
        bench.connectors[1] = Condition.charging.machine(2)
        XCTAssertEqual(bench.check(1, "BOB"), .refused)
        XCTAssertEqual(bench.check(1, "ALICE"), .uses(7))
        XCTAssertEqual(bench.check(1, "CHILD", parent: "FLEET"), .uses(7))
    }

    func testConnectorZeroReservationCountsAnInoperativeStationAsNothingFree() throws {
        var bench = try Bench(connectors: [.available, .available])
        bench.reserve(reservation(7, on: 0))
        bench.stationOperative = false
        XCTAssertEqual(bench.check(1, "BOB"), .refused)
    }

    // MARK: Ending

    func testEndingAReservationReleasesItsConnectorAndTimer() throws {
        var bench = try Bench(connectors: [.available, .available])
        bench.reserve(reservation(1, on: 1))
        bench.reserve(reservation(2, on: 0))
        XCTAssertEqual(bench.service.without(1).map(\.reservationId), [2])
        let ended = bench.service.end(1, why: "cancelled")
        XCTAssertEqual(effects(ended), [.cancelExpiry(reservationId: 1), .hold(connectorId: 1, false)])
        bench.perform(ended)
        XCTAssertEqual(bench.connectors[0].status, .available)
        XCTAssertFalse(bench.service.contains(1))
        XCTAssertEqual(effects(bench.service.end(2, why: "expired")), [.cancelExpiry(reservationId: 2)], "connector 0 holds no connector")
        XCTAssertEqual(bench.service.end(2, why: "again"), [], "an unknown reservation ends nothing")
        XCTAssertNil(ReservationService.document(bench.service.reservations), "nothing left to store")
    }

    // MARK: After a reboot

    func testRebootRestoresLiveReservationsAndEndsExpiredOnes() throws {
        let stored = ReservationService.document([
            reservation(1, on: 1, until: Self.now.adding(seconds: 60)),
            reservation(2, on: 2, until: Self.now.adding(seconds: 3600)),
            reservation(3, on: 0, until: Self.now.adding(seconds: 7200)),
        ])
        XCTAssertNotNil(stored)
        var bench = try Bench(connectors: [.available, .available], stored: stored)
        XCTAssertEqual(bench.service.reservations.map(\.reservationId), [1, 2, 3], "read back from the stored document")
        // The station was off for two minutes: reservation 1 expired meanwhile.
        let (held, expired) = bench.service.restore(now: Self.now.adding(seconds: 120))
        XCTAssertEqual(expired, [1])
        XCTAssertEqual(held, [
            .hold(connectorId: 2, true), .expire(reservationId: 2, at: Self.now.adding(seconds: 3600)),
            .expire(reservationId: 3, at: Self.now.adding(seconds: 7200)),
        ])
        bench.perform(held)
        for id in expired { bench.perform(bench.service.end(id, why: "expired while off")) }
        XCTAssertEqual(bench.connectors.map(\.status), [.available, .reserved])
        XCTAssertEqual(bench.service.reservations.map(\.reservationId), [2, 3])
    }

    func testReservationExpiringExactlyAtBootIsExpired() throws {
        let bench = try Bench(connectors: [.available], stored: ReservationService.document([reservation(1, on: 1, until: Self.now)]))
        let (held, expired) = bench.service.restore(now: Self.now)
        XCTAssertEqual(held, [])
        XCTAssertEqual(expired, [1])
    }

    // MARK: Bugs these tests found (fixed)

    /// OCPP 1.6 §5.13: with a connector-0 reservation the station makes sure one connector
    /// remains available for its idTag, so a reservation of the last free connector for someone
    /// else is Occupied.
    func testReservationOfTheLastConnectorAConnectorZeroReservationNeedsIsOccupied() throws {
        var bench = try Bench(connectors: [.charging, .available])
        XCTAssertEqual(bench.reserve(reservation(1, on: 0, for: "ALICE")).0, .accepted)
        let (status, _) = bench.service.decide(reservation(2, on: 2, for: "BOB"), in: bench.context)
        XCTAssertEqual(status, .occupied)
    }

    /// A connector with a vehicle plugged in (Preparing) answers Occupied to ReserveNow for it;
    /// it is not the free connector a connector-0 reservation could count on either.
    func testConnectorZeroReservationDoesNotCountAPluggedConnectorAsFree() throws {
        let bench = try Bench(connectors: [.charging, .preparing])
        XCTAssertEqual(bench.service.decide(reservation(1, on: 2), in: bench.context).0, .occupied)
        let (status, _) = bench.service.decide(reservation(1, on: 0), in: bench.context)
        XCTAssertEqual(status, .occupied)
    }

    /// The Context says no new reservation while a reset or installation is pending; connector 0
    /// is a reservation of an idle connector too.
    func testConnectorZeroReservationWhileARebootIsPendingIsOccupied() throws {
        var bench = try Bench(connectors: [.available, .available])
        bench.rebootPending = true
        let (status, _) = bench.service.decide(reservation(1, on: 0), in: bench.context)
        XCTAssertEqual(status, .occupied)
    }

    /// Replacing reservation 1 (connector 1) by reservation 1 on connector 0: the connector it
    /// held is free once it is replaced, so a one-connector station accepts.
    func testReplacingAReservationByConnectorZeroCountsItsOwnConnectorAsFree() throws {
        var bench = try Bench(connectors: [.available])
        XCTAssertEqual(bench.reserve(reservation(1, on: 1)).0, .accepted)
        let (status, _) = bench.service.decide(reservation(1, on: 0), in: bench.context)
        XCTAssertEqual(status, .accepted)
    }
}
