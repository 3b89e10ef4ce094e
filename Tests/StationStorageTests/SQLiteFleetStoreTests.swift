// The fleet store: each station's rows are its own (configuration, transactions, queue, cache,
// documents), and everything survives reopening the one file.

import ChargingCore
import Foundation
import OCPP
import StationCore
import StationStorage
import XCTest

final class SQLiteFleetStoreTests: XCTestCase {
    var path: String!

    override func setUpWithError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("fleet.sqlite").path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    func record(connector: Int) -> TransactionRecord {
        TransactionRecord(
            localId: 0, connectorId: connector, authorization: Authorization(idToken: IdentifierToken("T\(connector)")), meterStartWh: 100 * connector,
            startTime: WallClockTime(millisecondsSince1970: 1_795_256_130_000)
        )
    }

    func testEachStationKeepsItsOwnRowsAcrossReopening() throws {
        do {
            let fleet = try SQLiteFleetStore(path: path)
            let (a, b) = (fleet.rows(of: "SIM-1"), fleet.rows(of: "SIM-2"))
            try a.saveConfiguration(.heartbeatInterval, value: "45")
            try b.saveAvailability(.inoperative, connectorId: 1)
            let started = try a.recordTransactionStart(record(connector: 2), startTransaction: .object([("connectorId", .integer(2))]))
            try a.enqueue(QueuedMessage(localTransactionId: started.localId, action: .meterValues, payload: .object([])))
            let other = try b.recordTransactionStart(record(connector: 1), startTransaction: .object([("connectorId", .integer(1))]))
            try b.recordTransactionStop(localId: other.localId, stopTransaction: .object([]))
            try b.cacheAuthorization("Card", IdTagInfo(status: .accepted))
            try b.saveDocument(.localAuthList, .object([("version", .integer(3))]))
            XCTAssertEqual(try fleet.queuedMessageCount(), 4)
        }
        let fleet = try SQLiteFleetStore(path: path)
        let (a, b) = (fleet.rows(of: "SIM-1"), fleet.rows(of: "SIM-2"))
        XCTAssertEqual(try a.changedConfiguration(), [.heartbeatInterval: "45"])
        XCTAssertEqual(try b.changedConfiguration(), [:])
        XCTAssertEqual(try a.availability(), [:])
        XCTAssertEqual(try b.availability(), [1: .inoperative])
        XCTAssertEqual(try a.openTransactions().map(\.connectorId), [2])
        XCTAssertEqual(try b.openTransactions(), [])
        XCTAssertEqual(try a.queuedMessages(limit: 10).map(\.action), [.startTransaction, .meterValues])
        XCTAssertEqual(try b.queuedMessages(limit: 10).map(\.action), [.startTransaction, .stopTransaction])
        XCTAssertNil(try a.cachedAuthorization("card"))
        XCTAssertEqual(try b.cachedAuthorization("card")?.status, .accepted)
        XCTAssertNil(try a.document(.localAuthList))
        XCTAssertEqual(try b.document(.localAuthList), .object([("version", .integer(3))]))
        XCTAssertTrue(try b.removeOldestQueuedMessage(action: .startTransaction))
        XCTAssertEqual(try a.queuedMessageCount(), 2, "removing one station's message leaves the other's")
        XCTAssertEqual(try b.queuedMessageCount(), 1)
        try a.clearAuthorizationCache()
        XCTAssertNotNil(try b.cachedAuthorization("card"))
    }
}
