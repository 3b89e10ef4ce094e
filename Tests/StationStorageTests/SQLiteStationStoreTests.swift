// The SQLite store keeps what the station must not lose, across reopening the file: configuration
// changes, availability, transactions and their ids, the queue in order, the authorization cache.

import Foundation
import ChargingCore
import OCPP
import StationCore
import StationStorage
import XCTest

final class SQLiteStationStoreTests: XCTestCase {
    var path: String!

    override func setUpWithError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("station.sqlite").path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    func testEverythingSurvivesReopening() throws {
        let start = Timestamp(millisecondsSince1970: 1_795_256_130_123)
        do {
            let store = try SQLiteStationStore(path: path)
            try store.saveConfiguration(.heartbeatInterval, value: "45")
            try store.saveAvailability(.inoperative, connectorId: 2)
            let record = try store.recordTransactionStart(
                TransactionRecord(localId: 0, connectorId: 1, authorization: Authorization(idToken: "T1", groupIdToken: "P", reservationId: 3), meterStartWh: 1200, startTime: WallClockTime(start)),
                startTransaction: .object([("connectorId", .integer(1))])
            )
            XCTAssertEqual(record.localId, 1)
            try store.setTransactionId(777, ofLocal: record.localId)
            try store.enqueue(QueuedMessage(localTransactionId: record.localId, action: .meterValues, payload: .object([("connectorId", .integer(1))])))
            try store.cacheAuthorization("Card-A", IdTagInfo(status: .blocked, expiryDate: start, parentIdTag: "P"))
        }
        let store = try SQLiteStationStore(path: path)
        XCTAssertEqual(try store.changedConfiguration(), [.heartbeatInterval: "45"])
        XCTAssertEqual(try store.availability(), [2: .inoperative])
        let open = try store.openTransactions()
        XCTAssertEqual(open.count, 1)
        XCTAssertEqual(open.first?.authorization, Authorization(idToken: "T1", groupIdToken: "P", reservationId: 3))
        XCTAssertEqual(open.first?.transactionId, 777)
        XCTAssertEqual(open.first?.startTime, WallClockTime(start))
        XCTAssertEqual(try store.transactionId(ofLocal: 1), 777)
        let queued = try store.queuedMessages(limit: 10)
        XCTAssertEqual(queued.map(\.action), [.startTransaction, .meterValues])
        XCTAssertEqual(queued.map(\.sequence), queued.map(\.sequence).sorted())
        XCTAssertEqual(try store.cachedAuthorization("card-a"), IdTagInfo(status: .blocked, expiryDate: start, parentIdTag: "P"), "idTags compare case-insensitively")
    }

    func testDocumentsAreReplacedWholeRemovedAndSurviveReopening() throws {
        let list: JSONValue = .object([("version", .integer(4)), ("entries", .array([.string("A"), .string("é\"b")]))])
        do {
            let store = try SQLiteStationStore(path: path)
            XCTAssertNil(try store.document(.localAuthList))
            try store.saveDocument(.localAuthList, .object([("version", .integer(1))]))
            try store.saveDocument(.localAuthList, list)
            try store.saveDocument(.reservations, .array([]))
            try store.saveDocument(.reservations, nil)
        }
        let store = try SQLiteStationStore(path: path)
        XCTAssertEqual(try store.document(.localAuthList), list)
        XCTAssertNil(try store.document(.reservations))
        XCTAssertNil(try store.document(.chargingProfiles))
    }

    func testStopClosesTheTransactionAndQueuesItsMessageAtomically() throws {
        let store = try SQLiteStationStore(path: path)
        let record = try store.recordTransactionStart(
            TransactionRecord(localId: 0, connectorId: 2, authorization: Authorization(idToken: "T"), meterStartWh: 0, startTime: WallClockTime(millisecondsSince1970: 0)),
            startTransaction: .object([])
        )
        try store.recordTransactionStop(localId: record.localId, stopTransaction: .object([("meterStop", .integer(10))]))
        XCTAssertEqual(try store.openTransactions(), [])
        let queued = try store.queuedMessages(limit: 10)
        XCTAssertEqual(queued.map(\.action), [.startTransaction, .stopTransaction])
        try store.recordFailedAttempt(sequence: queued[1].sequence)
        XCTAssertEqual(try store.queuedMessages(limit: 10)[1].failedAttempts, 1)
        try store.removeQueuedMessage(sequence: queued[0].sequence)
        XCTAssertEqual(try store.queuedMessageCount(), 1)
        try store.clearAuthorizationCache()
    }

    func testAnsweredMessagesAreRemovedTogetherAndTheDurabilityIsRestored() throws {
        do {
            let store = try SQLiteStationStore(path: path)
            for index in 0..<5 {
                try store.enqueue(QueuedMessage(localTransactionId: 1, action: .meterValues, payload: .object([("connectorId", .integer(index))])))
            }
            let queued = try store.queuedMessages(limit: 10).map(\.sequence)
            try store.removeQueuedMessages(sequences: Array(queued[0..<2]), durably: false)
            try store.removeQueuedMessages(sequences: [queued[3]], durably: true)
            XCTAssertEqual(try store.queuedMessages(limit: 10).map(\.sequence), [queued[2], queued[4]])
        }
        let database = try SQLiteDatabase(path: path)
        try database.withoutWaitingForTheDisk { () throws(SQLiteError) in
            XCTAssertEqual(try database.scalarText("PRAGMA synchronous"), "1")
        }
        XCTAssertEqual(try database.scalarText("PRAGMA synchronous"), "2", "back to synchronous=FULL after a write that did not wait")
        XCTAssertEqual(try SQLiteStationStore(path: path).queuedMessageCount(), 2, "the removals survive reopening")
    }

    func testANewerSchemaIsRefused() throws {
        do {
            let database = try SQLiteDatabase(path: path)
            try database.execute("PRAGMA user_version = 99")
        }
        XCTAssertThrowsError(try SQLiteStationStore(path: path)) { error in
            XCTAssertTrue("\(error)".contains("newer"), "\(error)")
        }
    }
}
