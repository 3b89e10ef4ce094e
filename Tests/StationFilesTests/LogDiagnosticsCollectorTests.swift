// The diagnostics collector: one `<source>.log` per source with the lines of the requested time
// range, in an archive named after the charge point and the collection time.

import Foundation
import OCPP
import StationCore
import StationFiles
import Synchronization
import XCTest

/// The time ranges a source was asked for.
final class RangeLog: Sendable {
    private let ranges = Mutex<[String]>([])

    func record(_ start: Timestamp?, _ stop: Timestamp?) {
        ranges.withLock { $0.append("\(start?.rfc3339 ?? "open")..\(stop?.rfc3339 ?? "open")") }
    }

    var all: [String] { ranges.withLock { $0 } }
}

final class LogDiagnosticsCollectorTests: XCTestCase {
    var temporary: TemporaryDirectory!

    override func setUpWithError() throws { temporary = try TemporaryDirectory() }
    override func tearDown() { temporary?.remove() }

    let collectionTime = Timestamp(rfc3339: "2026-01-21T10:15:30.123Z")!

    func testArchiveHoldsOneLogPerSourceForTheTimeRange() async throws {
        let asked = RangeLog()
        let lines = [
            (Timestamp(rfc3339: "2026-01-21T08:00:00Z")!, "boot"),
            (Timestamp(rfc3339: "2026-01-21T09:00:00Z")!, "session started"),
            (Timestamp(rfc3339: "2026-01-21T09:30:00Z")!, "session stopped"),
            (Timestamp(rfc3339: "2026-01-21T10:00:00Z")!, "heartbeat"),
        ]
        let station = DiagnosticsSource(name: "station") { start, stop in
            asked.record(start, stop)
            return lines.filter { line in
                start.map { line.0 >= $0 } ?? true && stop.map { line.0 <= $0 } ?? true
            }.map { "\($0.0) \($0.1)" }
        }
        let ocpp = DiagnosticsSource(name: "ocpp") { start, stop in
            asked.record(start, stop)
            return [#"[2,"1","Heartbeat",{}]"#]
        }
        let directory = temporary.file("diagnostics")
        let time = collectionTime
        let collector = LogDiagnosticsCollector(directory: directory, chargePointId: "CP-1", sources: [station, ocpp], now: { time })
        let start = Timestamp(rfc3339: "2026-01-21T08:30:00Z")!
        let stop = Timestamp(rfc3339: "2026-01-21T09:45:00Z")!

        let (path, fileName) = try await collector.collect(from: start, to: stop)

        XCTAssertEqual(fileName, "diagnostics-CP-1-20260121T101530Z.tar")
        XCTAssertEqual(path, directory + "/" + fileName)
        XCTAssertEqual(asked.all, ["2026-01-21T08:30:00.000Z..2026-01-21T09:45:00.000Z", "2026-01-21T08:30:00.000Z..2026-01-21T09:45:00.000Z"])
        let members = try readTarWithPython(path)
        XCTAssertEqual(members.map(\.name), ["station.log", "ocpp.log"])
        XCTAssertEqual(members[0].hex, hex(Array("2026-01-21T09:00:00.000Z session started\n2026-01-21T09:30:00.000Z session stopped\n".utf8)))
        XCTAssertEqual(members[1].hex, hex(Array("[2,\"1\",\"Heartbeat\",{}]\n".utf8)))
        XCTAssertEqual(members[0].mtime, 1_768_990_530)
    }

    func testOpenRangeAndUnsafeNamesAreHandled() async throws {
        let asked = RangeLog()
        let source = DiagnosticsSource(name: "../secret log") { start, stop in
            asked.record(start, stop)
            return []
        }
        let time = collectionTime
        let collector = LogDiagnosticsCollector(directory: temporary.path, chargePointId: "CP/1 ü", sources: [source], now: { time })

        let (path, fileName) = try await collector.collect(from: nil, to: nil)

        XCTAssertEqual(fileName, "diagnostics-CP_1__-20260121T101530Z.tar")
        XCTAssertEqual(asked.all, ["open..open"])
        XCTAssertEqual(try readTarWithPython(path).map(\.name), ["_._secret_log.log"])
    }

    func testUnwritableDirectoryIsATransferError() async throws {
        let collector = LogDiagnosticsCollector(directory: temporary.file("a/b"), chargePointId: "CP-1", sources: [])
        do throws(TransferError) {
            _ = try await collector.collect(from: nil, to: nil)
            XCTFail("collected into a directory whose parent is missing")
        } catch {
            XCTAssertTrue(error.message.contains(temporary.file("a/b")), error.message)
        }
    }
}
