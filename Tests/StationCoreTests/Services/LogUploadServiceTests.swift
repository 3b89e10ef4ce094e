// Unit tests of the LogUploadService value: where the log goes, the requestId on every status,
// retries, a GetLog that cancels a running upload, and what a trigger reports.

import OCPP
@testable import StationCore
import XCTest

final class LogUploadServiceTests: XCTestCase {
    func request(_ location: String = "https://logs.example/up/", id: Int = 4, retries: Int? = 2) throws -> GetLog.Request {
        GetLog.Request(log: GetLog.LogParameters(remoteLocation: try BoundedString(location)), logType: .securityLog, requestId: id, retries: retries, retryInterval: 5)
    }

    func testAFailedAttemptIsRetriedThenReportedWithTheRequestId() throws {
        var service = LogUploadService()
        let (canceled, actions) = service.collected(path: "/data/s.tar", fileName: "s.tar", for: try request())
        XCTAssertFalse(canceled)
        XCTAssertEqual(actions.last, .scheduleAttempt(afterSeconds: 0))
        XCTAssertEqual(service.attemptDue(), [.notify(.uploading, requestId: 4), .upload(path: "/data/s.tar", location: "https://logs.example/up/s.tar")])
        XCTAssertEqual(service.triggeredStatus, LogStatusNotification.Request(status: .uploading, requestId: 4))
        XCTAssertEqual(service.uploadFinished(.failure(TransferError("refused"))).last, .scheduleAttempt(afterSeconds: 5))
        _ = service.attemptDue()
        XCTAssertEqual(service.uploadFinished(.failure(TransferError("refused"))).last, .notify(.uploadFailure, requestId: 4))
        XCTAssertEqual(service.triggeredStatus, LogStatusNotification.Request(status: .idle))
    }

    func testASecondGetLogCancelsTheFirstUpload() throws {
        var service = LogUploadService()
        _ = service.collected(path: "/a.tar", fileName: "a.tar", for: try request(id: 1))
        _ = service.attemptDue()
        let (canceled, actions) = service.collected(path: "/b.tar", fileName: "b.tar", for: try request("ftp://host/file.tar", id: 2))
        XCTAssertTrue(canceled)
        XCTAssertEqual(actions.first, .cancelUpload)
        XCTAssertEqual(service.attemptDue().last, .upload(path: "/b.tar", location: "ftp://host/file.tar"))
        XCTAssertEqual(service.uploadFinished(.success(())).last, .notify(.uploaded, requestId: 2))
    }
}
