// N Diagnostics (GetLog) of the 2.0.1 station in virtual time: the DiagnosticsLog and the
// SecurityLog collected before the answer and uploaded with retries, LogStatusNotification with
// the requestId, a second GetLog that cancels the first, and the failures reported by kind.

import OCPP
import OCPP201
@testable import StationCore
import StationTesting
import XCTest

/// A collector that names its archives after the log and keeps the security log's lines.
final class RecordingCollector: DiagnosticsCollector {
    let securityLines = Locked<[String]>([])

    func collect(from start: Timestamp?, to stop: Timestamp?) async throws(TransferError) -> (path: String, fileName: String) {
        ("/tmp/diagnostics.tar", "diagnostics.tar")
    }

    func collect(log name: String, lines: [String]) async throws(TransferError) -> (path: String, fileName: String) {
        securityLines.withLock { $0 = lines }
        return ("/tmp/\(name).tar", "\(name).tar")
    }
}

final class Station201LogTests: XCTestCase {
    let transfer = ScriptedTransfer()
    let collector = RecordingCollector()

    func rig() -> Station201Rig {
        Station201Rig(files: FileServices(transfer: transfer, installer: RecordingInstaller(), diagnostics: collector, downloadDirectory: "/tmp/fw201"))
    }

    func getLog(_ station: Station201<ManualClock>, id: Int, type: String = "DiagnosticsLog", location: String = "http://logs.example/up/") async throws -> JSONValue {
        try await station.request(
            OCPP201.GetLog.Request.self, #"{"logType":"\#(type)","requestId":\#(id),"retries":2,"retryInterval":60,"log":{"remoteLocation":"\#(location)"}}"#
        )
    }

    func logStatuses(_ rig: Station201Rig) -> [[String: JSONValue]] {
        rig.link.payloads(.logStatusNotification).map { payload in
            ["status": payload["status"] ?? .null, "requestId": payload["requestId"] ?? .null]
        }
    }

    func testTheDiagnosticsLogIsUploadedIntoTheLocationDirectoryWithTheRequestId() async throws {
        let rig = rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let answer = try await getLog(station, id: 11)
        XCTAssertEqual(answer["status"], .string("Accepted"))
        XCTAssertEqual(answer["filename"], .string("diagnostics.tar"))
        await rig.clock.settle()
        XCTAssertEqual(transfer.calls.withLock { $0 }, ["upload http://logs.example/up/diagnostics.tar"])
        XCTAssertEqual(logStatuses(rig), [
            ["status": .string("Uploading"), "requestId": .integer(11)], ["status": .string("Uploaded"), "requestId": .integer(11)],
        ])
    }

    func testTheSecurityLogHoldsTheRecordedEventsAndAFailedUploadIsRetriedThenReported() async throws {
        let rig = rig()
        rig.store.recordSecurityEvent(
            SecurityEvent(kind: .invalidFirmwareSignature, timestamp: Timestamp(rig.clock.wallTime), techInfo: "test"), capacity: 10, notification: nil
        )
        transfer.outcomes.withLock { $0 = [TransferError("refused"), TransferError("refused")] }
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let answer = try await getLog(station, id: 12, type: "SecurityLog", location: "ftp://logs.example/security.tar")
        XCTAssertEqual(answer["filename"], .string("security.tar"))
        // The recorded event, and the StartupOfTheDevice of this boot.
        XCTAssertEqual(collector.securityLines.withLock { $0.count }, rig.store.securityEvents(from: nil, to: nil).count)
        XCTAssertTrue(collector.securityLines.withLock { $0.first?.hasSuffix("InvalidFirmwareSignature: test") ?? false })
        await rig.clock.settle()
        XCTAssertEqual(transfer.calls.withLock { $0.count }, 1)
        await rig.clock.advance(by: .seconds(60))
        XCTAssertEqual(transfer.calls.withLock { $0.count }, 2, "retried retryInterval later")
        XCTAssertEqual(logStatuses(rig).map { $0["status"] }, [.string("Uploading"), .string("Uploading"), .string("UploadFailure")])
    }

    func testASecondGetLogCancelsTheFirstUploadAndReportsItAcceptedCanceled() async throws {
        let rig = rig()
        transfer.outcomes.withLock { $0 = [TransferError("refused")] }
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        _ = try await getLog(station, id: 1)
        await rig.clock.settle()
        let second = try await getLog(station, id: 2)
        XCTAssertEqual(second["status"], .string("AcceptedCanceled"))
        await rig.clock.advance(by: .seconds(120))
        XCTAssertEqual(logStatuses(rig), [
            ["status": .string("Uploading"), "requestId": .integer(1)], ["status": .string("AcceptedCanceled"), "requestId": .integer(1)],
            ["status": .string("Uploading"), "requestId": .integer(2)], ["status": .string("Uploaded"), "requestId": .integer(2)],
        ])
        XCTAssertEqual(transfer.calls.withLock { $0.count }, 2, "the first upload is not tried again")
    }

    func testFailuresAreReportedByKind() async throws {
        let rig = rig()
        transfer.outcomes.withLock { $0 = [TransferError("HTTP 403", kind: .permissionDenied), TransferError("HTTP 403", kind: .permissionDenied)] }
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        _ = try await getLog(station, id: 1)
        await rig.clock.advance(by: .seconds(60))
        let noScheme = try await getLog(station, id: 2, location: "logs.example/up/")
        XCTAssertEqual(noScheme["status"], .string("Accepted"))
        _ = try await getLog(station, id: 3, location: "sftp://logs.example/up/")
        await rig.clock.settle()
        XCTAssertEqual(logStatuses(rig).suffix(3), [
            ["status": .string("PermissionDenied"), "requestId": .integer(1)], ["status": .string("BadMessage"), "requestId": .integer(2)],
            ["status": .string("NotSupportedOperation"), "requestId": .integer(3)],
        ])
    }

    func testWithoutFileServicesGetLogAndUpdateFirmwareAreNotImplemented() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        do {
            _ = try await getLog(station, id: 1)
            XCTFail("answered")
        } catch let error as OCPP201.CallError {
            XCTAssertEqual(error.code, .notImplemented)
        }
    }
}
