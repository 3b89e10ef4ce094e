// The security log in both stores: bounded (the oldest entries go first), filtered by time,
// persisted across reopening the SQLite file, and a critical event's notification queued in the
// same commit as its log entry.

import Foundation
import OCPP
import StationCore
import StationStorage
import XCTest

final class SecurityLogStoreTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("security-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func event(_ kind: SecurityEventKind, at second: Int64) -> SecurityEvent {
        SecurityEvent(kind: kind, timestamp: Timestamp(millisecondsSince1970: 1_795_256_130_000 + second * 1000), techInfo: "entry \(second)")
    }

    private func assertBoundedAndFiltered(_ store: any StationStore) throws {
        for second in 0..<8 {
            try store.recordSecurityEvent(event(.invalidMessages, at: Int64(second)), capacity: 5, notification: nil)
        }
        let all = try store.securityEvents(from: nil, to: nil)
        XCTAssertEqual(all.map(\.techInfo), (3..<8).map { "entry \($0)" }, "the 5 newest are kept, oldest first")
        let middle = try store.securityEvents(from: event(.invalidMessages, at: 4).timestamp, to: event(.invalidMessages, at: 6).timestamp)
        XCTAssertEqual(middle.map(\.techInfo), ["entry 4", "entry 5", "entry 6"])
        XCTAssertEqual(try store.queuedMessageCount(), 0, "a non-critical event is not queued")
    }

    func testTheLogIsBoundedAndFilteredInBothStores() throws {
        try assertBoundedAndFiltered(InMemoryStationStore())
        try assertBoundedAndFiltered(SQLiteStationStore(path: folder.appendingPathComponent("a.sqlite").path))
    }

    func testACriticalEventAndItsNotificationSurviveReopening() throws {
        let path = folder.appendingPathComponent("b.sqlite").path
        let startup = event(.startupOfTheDevice, at: 1)
        do {
            let store = try SQLiteStationStore(path: path)
            try store.recordSecurityEvent(startup, capacity: 100, notification: FrameEncoder.payload(startup.notification))
        }
        let store = try SQLiteStationStore(path: path)
        XCTAssertEqual(try store.securityEvents(from: nil, to: nil), [startup])
        let queued = try store.queuedMessages(limit: 10)
        XCTAssertEqual(queued.map(\.action), [.securityEventNotification])
        XCTAssertEqual(queued.first?.localTransactionId, 0)
        XCTAssertEqual(queued.first?.payload["type"], .string("StartupOfTheDevice"))
    }
}
