// Unit tests of the DiagnosticsService value: where the archive goes (directory or file location),
// how often and how far apart an upload is tried, and the final statuses.

import OCPP
@testable import StationCore
import XCTest

final class DiagnosticsServiceTests: XCTestCase {
    static let path = "/var/lib/station/diagnostics/diag-20261130.tar.gz"
    static let fileName = "diag-20261130.tar.gz"

    func request(_ location: URIString = "ftp://logs:pw0rd@logs.example/uploads/", retries: Int? = nil, retryInterval: Int? = nil) -> GetDiagnostics.Request {
        GetDiagnostics.Request(location: location, retries: retries, retryInterval: retryInterval)
    }

    /// The actions without their log lines.
    func effects(_ actions: [DiagnosticsService.Action]) -> [DiagnosticsService.Action] {
        actions.filter { if case .log = $0 { false } else { true } }
    }

    func testCollectedArchiveIsUploadedAtOnceToTheLocation() {
        let table: [(location: URIString, uploadedTo: String)] = [
            ("ftp://logs.example/uploads/", "ftp://logs.example/uploads/" + Self.fileName),
            ("https://logs.example/put/station-7.tar.gz", "https://logs.example/put/station-7.tar.gz"),
            ("ftp://logs.example/uploads", "ftp://logs.example/uploads"),
        ]
        for row in table {
            var service = DiagnosticsService()
            let collected = service.collected(path: Self.path, fileName: Self.fileName, for: request(row.location))
            XCTAssertEqual(effects(collected), [.cancelUpload, .scheduleAttempt(afterSeconds: 0)], row.location.value)
            XCTAssertEqual(service.upload?.location, row.uploadedTo, row.location.value)
            XCTAssertEqual(service.status, .idle, "Uploading is reported when the attempt starts")
            XCTAssertEqual(service.attemptDue(), [.notify(.uploading), .upload(path: Self.path, location: row.uploadedTo)], row.location.value)
            XCTAssertEqual(service.status, .uploading)
        }
    }

    func testTheLocationPasswordIsNotLogged() {
        var service = DiagnosticsService()
        let lines = service.collected(path: Self.path, fileName: Self.fileName, for: request()).compactMap { if case .log(let line) = $0 { line } else { nil } }
        XCTAssertEqual(lines.count, 1)
        XCTAssertFalse(lines.joined().contains("pw0rd"))
    }

    func testFailingUploadIsTriedAsOftenAsRequestedThenReportsUploadFailed() {
        let table: [(retries: Int?, retryInterval: Int?, uploads: Int, wait: Int)] = [
            (nil, nil, 3, 60), (0, nil, 1, 60), (1, 5, 1, 5), (2, 15, 2, 15), (4, 0, 4, 0),
        ]
        for row in table {
            let name = "retries \(String(describing: row.retries)), retryInterval \(String(describing: row.retryInterval))"
            var service = DiagnosticsService()
            _ = service.collected(path: Self.path, fileName: Self.fileName, for: request(retries: row.retries, retryInterval: row.retryInterval))
            var uploads = 0
            var waits: [Int] = []
            var final: [DiagnosticsService.Action] = []
            for _ in 0..<10 {
                guard case .upload = service.attemptDue().last else { break }
                uploads += 1
                let failed = effects(service.uploadFinished(.failure(TransferError("550 permission denied"))))
                if case .scheduleAttempt(let seconds) = failed.last {
                    waits.append(seconds)
                    XCTAssertEqual(service.status, .uploading, "\(name): still uploading between attempts")
                } else {
                    final = failed
                    break
                }
            }
            XCTAssertEqual(uploads, row.uploads, name)
            XCTAssertEqual(waits, Array(repeating: row.wait, count: row.uploads - 1), name)
            XCTAssertEqual(final, [.notify(.uploadFailed)], name)
            XCTAssertNil(service.upload, name)
            XCTAssertEqual(service.status, .idle, name)
        }
    }

    func testUploadSucceedingOnALaterAttemptReportsUploaded() {
        var service = DiagnosticsService()
        _ = service.collected(path: Self.path, fileName: Self.fileName, for: request(retries: 3, retryInterval: 30))
        _ = service.attemptDue()
        XCTAssertEqual(effects(service.uploadFinished(.failure(TransferError("connection refused")))), [.scheduleAttempt(afterSeconds: 30)])
        XCTAssertEqual(service.upload?.attemptsLeft, 2)
        XCTAssertEqual(service.attemptDue().first, .notify(.uploading), "every attempt reports Uploading")
        XCTAssertEqual(effects(service.uploadFinished(.success(()))), [.notify(.uploaded)])
        XCTAssertNil(service.upload)
        XCTAssertEqual(service.status, .idle)
        XCTAssertEqual(service.attemptDue(), [], "nothing left to upload")
        XCTAssertEqual(service.uploadFinished(.success(())), [], "a late report changes nothing")
    }

    func testNewRequestReplacesARunningUpload() {
        var service = DiagnosticsService()
        _ = service.collected(path: Self.path, fileName: Self.fileName, for: request(retries: 2))
        _ = service.attemptDue()
        _ = service.uploadFinished(.failure(TransferError("timeout")))
        let newPath = "/var/lib/station/diagnostics/diag-2.tar.gz"
        let replaced = service.collected(path: newPath, fileName: "diag-2.tar.gz", for: request("https://logs.example/in/", retries: 4))
        XCTAssertEqual(effects(replaced), [.cancelUpload, .scheduleAttempt(afterSeconds: 0)], "the earlier upload is abandoned")
        XCTAssertEqual(service.upload, DiagnosticsService.Upload(location: "https://logs.example/in/diag-2.tar.gz", path: newPath, attemptsLeft: 4, retryInterval: 60))
    }

    func testNothingHappensWithoutAnUpload() {
        var service = DiagnosticsService()
        XCTAssertEqual(service.attemptDue(), [])
        XCTAssertEqual(service.uploadFinished(.failure(TransferError("late"))), [])
        XCTAssertEqual(service.status, .idle)
    }
}
