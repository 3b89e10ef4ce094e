// The SQLite connection opens in WAL mode with the durability asked for, and reports failures.

import Foundation
import StationStorage
import XCTest

final class SQLiteDatabaseTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testOpensInWALModeWithFullDurability() throws {
        let database = try SQLiteDatabase(path: folder.appendingPathComponent("station.sqlite").path)
        XCTAssertEqual(try database.scalarText("PRAGMA journal_mode"), "wal")
        XCTAssertEqual(try database.scalarText("PRAGMA synchronous"), "2")
    }

    func testCommittedRowsAreReadByANewConnection() throws {
        let path = folder.appendingPathComponent("station.sqlite").path
        do {
            let database = try SQLiteDatabase(path: path, durability: .normal)
            try database.execute("CREATE TABLE t(v TEXT); INSERT INTO t VALUES('kept');")
        }
        let reopened = try SQLiteDatabase(path: path)
        XCTAssertEqual(try reopened.scalarText("SELECT v FROM t"), "kept")
    }

    func testBadSQLIsATypedError() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        XCTAssertThrowsError(try database.execute("CREATE TABLE")) { error in
            XCTAssertTrue((error as? SQLiteError)?.message.contains("CREATE TABLE") ?? false, "\(error)")
        }
    }

    func testUnopenablePathIsAnError() {
        XCTAssertThrowsError(try SQLiteDatabase(path: folder.appendingPathComponent("missing/dir/x.sqlite").path))
    }
}
