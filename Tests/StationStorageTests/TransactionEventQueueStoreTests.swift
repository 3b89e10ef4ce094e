// The 2.0.1 TransactionEvent queue lives in the stores' queue table: one row per event, in order,
// across reopening the file, with the old one-document form moved into the table once.

import Foundation
import OCPP
import StationCore
import StationStorage
import XCTest

final class TransactionEventQueueStoreTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("txqueue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private var path: String { folder.appendingPathComponent("station.sqlite").path }

    private func event(_ seqNo: Int) -> JSONValue {
        .object([("eventType", .string("Updated")), ("seqNo", .integer(seqNo))])
    }

    func testEventsAreRowsOfTheQueueTableAndSurviveReopeningInOrder() throws {
        do {
            let store = try SQLiteStationStore(path: path)
            let queue = TransactionEventQueue(store: store)
            for seqNo in 0..<5 { try queue.append(event(seqNo)) }
            try queue.removeHead(event(0))
            XCTAssertNil(try store.document(.ocpp201TransactionEvents), "no document is written any more")
            XCTAssertEqual(try store.queuedMessages(limit: 10).map(\.action), Array(repeating: .transactionEvent, count: 4))
        }
        let store = try SQLiteStationStore(path: path)
        let queue = TransactionEventQueue(store: store)
        XCTAssertEqual(try queue.all(), (1..<5).map(event))
        XCTAssertEqual(try queue.count(), 4)
        XCTAssertEqual(try queue.head(), event(1))
        try queue.removeHead(event(2))
        XCTAssertEqual(try queue.head(), event(1), "only the head that was delivered is removed")
    }

    func testTheOldDocumentIsMovedIntoTheTableOnceAheadOfNewEvents() throws {
        do {
            let store = try SQLiteStationStore(path: path)
            try store.saveDocument(.ocpp201TransactionEvents, .array([event(0), event(1)]))
        }
        do {
            let store = try SQLiteStationStore(path: path)
            let queue = TransactionEventQueue(store: store)
            XCTAssertNil(try store.document(.ocpp201TransactionEvents))
            try queue.append(event(2))
        }
        let store = try SQLiteStationStore(path: path)
        let queue = TransactionEventQueue(store: store)
        XCTAssertEqual(try queue.all(), [event(0), event(1), event(2)], "moved once: a second start adds no copy")
    }

    func testOCPP16AndOCPP201RowsShareTheTable() throws {
        let store = try SQLiteStationStore(path: path)
        try store.enqueue(QueuedMessage(localTransactionId: 3, action: .meterValues, payload: .object([])))
        let queue = TransactionEventQueue(store: store)
        try queue.append(event(0))
        let rows = try store.queuedMessages(limit: 10)
        XCTAssertEqual(rows.map(\.action.rawValue), ["MeterValues", "TransactionEvent"])
        XCTAssertEqual(rows.first?.localTransactionId, 3)
        XCTAssertEqual(try queue.head(), event(0), "the 1.6 row is not a TransactionEvent")
    }

    func testFleetStationsKeepTheirOwnEventsAndMoveTheirOwnDocument() throws {
        let fleetPath = folder.appendingPathComponent("fleet.sqlite").path
        do {
            let fleet = try SQLiteFleetStore(path: fleetPath)
            try fleet.rows(of: "A").saveDocument(.ocpp201TransactionEvents, .array([event(0)]))
            let b = TransactionEventQueue(store: fleet.rows(of: "B"))
            try b.append(event(7))
        }
        let fleet = try SQLiteFleetStore(path: fleetPath)
        let a = TransactionEventQueue(store: fleet.rows(of: "A"))
        try a.append(event(1))
        XCTAssertEqual(try a.all(), [event(0), event(1)])
        XCTAssertEqual(try TransactionEventQueue(store: fleet.rows(of: "B")).all(), [event(7)])
        XCTAssertNil(try fleet.rows(of: "A").document(.ocpp201TransactionEvents))
    }

    func testTheInMemoryStoreMovesTheDocumentToo() throws {
        let store = InMemoryStationStore()
        store.saveDocument(.ocpp201TransactionEvents, .array([event(0), event(1)]))
        let queue = TransactionEventQueue(store: store)
        try queue.append(event(2))
        XCTAssertEqual(try queue.all(), [event(0), event(1), event(2)])
        XCTAssertEqual(try TransactionEventQueue(store: store).all(), [event(0), event(1), event(2)])
        XCTAssertNil(store.document(.ocpp201TransactionEvents))
    }
}
