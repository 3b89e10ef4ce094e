// Unit tests of the FirmwareService value: attempts and retry interval of the download, a download
// cut by a reboot, installation only on free connectors, the final statuses and the notification
// count the reboot waits for.

import OCPP
@testable import StationCore
import XCTest

final class FirmwareServiceTests: XCTestCase {
    static let retrieveDate = Timestamp(millisecondsSince1970: 1_800_000_000_000)
    static let location: URIString = "https://ops:s3cret@fw.example/images/maxero-2.1.img"
    static let file = "/var/lib/station/firmware-1800000000000.img"

    func request(retries: Int? = nil, retryInterval: Int? = nil, at date: Timestamp = retrieveDate) -> UpdateFirmware.Request {
        UpdateFirmware.Request(location: Self.location, retries: retries, retrieveDate: date, retryInterval: retryInterval)
    }

    /// The actions without their log lines.
    func effects(_ actions: [FirmwareService.Action]) -> [FirmwareService.Action] {
        actions.filter { if case .log = $0 { false } else { true } }
    }

    func logs(_ actions: [FirmwareService.Action]) -> [String] {
        actions.compactMap { if case .log(let line) = $0 { line } else { nil } }
    }

    /// The last update the actions persist (`.some(nil)`: the update was cleared).
    func persisted(_ actions: [FirmwareService.Action]) -> FirmwareUpdate?? {
        actions.compactMap { if case .persist(let update) = $0 { .some(update) } else { nil } }.last
    }

    /// A service read back from the document its last persisted step would have written.
    func rebooted(from update: FirmwareUpdate?) throws -> FirmwareService {
        try FirmwareService(stored: update.map { FrameEncoder.payload($0) })
    }

    /// A service whose download of `request` just started.
    func downloading(_ request: UpdateFirmware.Request? = nil) throws -> FirmwareService {
        var service = try FirmwareService(stored: nil)
        _ = service.requested(request ?? self.request(), downloadDirectory: "/var/lib/station")
        _ = service.downloadDue()
        return service
    }

    // MARK: Request

    func testRequestSchedulesTheDownloadAtTheRetrieveDate() throws {
        var service = try FirmwareService(stored: nil)
        let actions = service.requested(request(), downloadDirectory: "/var/lib/station")
        let expected = FirmwareUpdate(location: Self.location.value, retrieveDate: Self.retrieveDate, attemptsLeft: 3, retryInterval: 60, phase: .scheduled, file: Self.file)
        XCTAssertEqual(effects(actions), [.cancelDownload, .persist(expected), .scheduleDownload(at: Self.retrieveDate)])
        XCTAssertEqual(service.update, expected)
        XCTAssertFalse(logs(actions).joined().contains("s3cret"), "the location's password is not logged")
        XCTAssertFalse(service.blocksSessions)
        XCTAssertEqual(service.status, .idle, "nothing runs before the retrieve date")
    }

    func testAttemptsAndRetryIntervalFromTheRequest() {
        let attempts: [(retries: Int?, attempts: Int)] = [(nil, 3), (0, 1), (1, 1), (2, 2), (5, 5), (-1, 1)]
        for row in attempts {
            XCTAssertEqual(FirmwareService.transferAttempts(row.retries), row.attempts, "retries \(String(describing: row.retries))")
        }
        let intervals: [(retryInterval: Int?, seconds: Int)] = [(nil, 60), (0, 0), (30, 30), (-5, 0)]
        for row in intervals {
            XCTAssertEqual(FirmwareService.transferRetryInterval(row.retryInterval), row.seconds, "retryInterval \(String(describing: row.retryInterval))")
        }
    }

    func testFailingDownloadIsTriedAsOftenAsRequestedThenReportsDownloadFailed() throws {
        let table: [(retries: Int?, retryInterval: Int?, downloads: Int, wait: Int)] = [
            (nil, nil, 3, 60), (0, nil, 1, 60), (1, 10, 1, 10), (2, 45, 2, 45), (4, 0, 4, 0),
        ]
        for row in table {
            let name = "retries \(String(describing: row.retries)), retryInterval \(String(describing: row.retryInterval))"
            var service = try FirmwareService(stored: nil)
            _ = service.requested(request(retries: row.retries, retryInterval: row.retryInterval), downloadDirectory: "/var/lib/station")
            var downloads = 0
            var waits: [Int] = []
            var final: [FirmwareService.Action] = []
            for _ in 0..<10 {
                let due = service.downloadDue()
                guard due.contains(.download(location: Self.location.value, file: Self.file)) else { break }
                downloads += 1
                let failed = effects(service.downloadFinished(.failure(TransferError("HTTP 404"))))
                if case .retryDownload(let seconds) = failed.last {
                    waits.append(seconds)
                    XCTAssertEqual(persisted(failed)??.attemptsLeft, FirmwareService.transferAttempts(row.retries) - downloads, name)
                } else {
                    final = failed
                    break
                }
            }
            XCTAssertEqual(downloads, row.downloads, name)
            XCTAssertEqual(waits, Array(repeating: row.wait, count: row.downloads - 1), name)
            XCTAssertEqual(final, [.persist(nil), .notify(.downloadFailed)], name)
            XCTAssertNil(service.update, name)
            XCTAssertEqual(service.status, .idle, name)
        }
    }

    func testDownloadSucceedingOnTheSecondAttemptIsDownloaded() throws {
        var service = try downloading(request(retries: 3, retryInterval: 20))
        XCTAssertEqual(effects(service.downloadFinished(.failure(TransferError("timeout")))).last, .retryDownload(afterSeconds: 20))
        XCTAssertEqual(service.status, .downloading, "between attempts the update is still downloading")
        let second = service.downloadDue()
        XCTAssertEqual(effects(second).last, .download(location: Self.location.value, file: Self.file))
        let done = effects(service.downloadFinished(.success(())))
        XCTAssertEqual(persisted(done)??.phase, .downloaded)
        XCTAssertEqual(done.last, .notify(.downloaded))
        XCTAssertEqual(service.update?.attemptsLeft, 2)
    }

    // MARK: Reboots

    func testDownloadCutByARebootCountsAsAFailedAttempt() throws {
        let service = try downloading(request(retries: 2))
        XCTAssertEqual(service.update?.phase, .downloading)
        var afterFirstCut = try rebooted(from: service.update)
        let resumed = effects(afterFirstCut.resumed())
        XCTAssertEqual(resumed.last, .retryDownload(afterSeconds: 0), "retried at once after the reboot")
        XCTAssertEqual(persisted(resumed)??.phase, .scheduled)
        XCTAssertEqual(persisted(resumed)??.attemptsLeft, 1)
        // The second (last) attempt is cut too: the update fails.
        _ = afterFirstCut.downloadDue()
        var afterSecondCut = try rebooted(from: afterFirstCut.update)
        XCTAssertEqual(effects(afterSecondCut.resumed()), [.persist(nil), .notify(.downloadFailed)])
        XCTAssertNil(afterSecondCut.update)
    }

    func testRebootBeforeTheRetrieveDateSchedulesTheDownloadAgain() throws {
        var service = try FirmwareService(stored: nil)
        _ = service.requested(request(), downloadDirectory: "/var/lib/station")
        var rebooted = try rebooted(from: service.update)
        XCTAssertEqual(rebooted.resumed(), [.scheduleDownload(at: Self.retrieveDate)])
        var empty = try self.rebooted(from: nil)
        XCTAssertEqual(empty.resumed(), [], "no update, nothing to resume")
    }

    func testInstallationCutByARebootInstallsAgainFromTheDownloadedImage() throws {
        var service = try downloading()
        _ = service.downloadFinished(.success(()))
        _ = service.installIfReady(connectorsFree: true)
        XCTAssertEqual(service.update?.phase, .installing)
        var rebooted = try rebooted(from: service.update)
        XCTAssertEqual(persisted(rebooted.resumed())??.phase, .downloaded)
        XCTAssertTrue(rebooted.blocksSessions)
        XCTAssertEqual(effects(rebooted.installIfReady(connectorsFree: true)).last, .install(file: Self.file, fileName: "maxero-2.1.img"))
    }

    // MARK: Installation

    func testInstallationWaitsForFreeConnectorsThenRebootsAndReportsInstalledAfterBootAccepted() throws {
        var service = try downloading()
        _ = service.downloadFinished(.success(()))
        XCTAssertTrue(service.blocksSessions, "no new session once the image is here")
        XCTAssertEqual(service.installIfReady(connectorsFree: false), [], "a transaction runs")
        let installing = service.installIfReady(connectorsFree: true)
        XCTAssertEqual(Array(effects(installing).dropFirst()), [.notify(.installing), .install(file: Self.file, fileName: "maxero-2.1.img")])
        XCTAssertEqual(persisted(installing)??.phase, .installing)
        XCTAssertEqual(service.installIfReady(connectorsFree: true), [], "installed once")
        let installed = service.installFinished(.success("2.1"))
        XCTAssertEqual(effects(installed), [.persist(service.update), .reboot])
        XCTAssertEqual(service.update?.phase, .installed)
        XCTAssertFalse(effects(installed).contains(.notify(.installed)), "Installed goes out after the reboot")
        // After the reboot: nothing until the BootNotification is accepted, then Installed once.
        var rebooted = try rebooted(from: service.update)
        XCTAssertEqual(rebooted.resumed(), [])
        XCTAssertEqual(rebooted.bootAccepted(), [.persist(nil), .notify(.installed)])
        XCTAssertNil(rebooted.update)
        XCTAssertEqual(rebooted.status, .idle)
        XCTAssertEqual(rebooted.bootAccepted(), [], "reported once")
    }

    func testInstallationFailedClearsTheUpdate() throws {
        var service = try downloading()
        _ = service.downloadFinished(.success(()))
        _ = service.installIfReady(connectorsFree: true)
        XCTAssertEqual(effects(service.installFinished(.failure(InstallError("bad signature")))), [.persist(nil), .notify(.installationFailed)])
        XCTAssertNil(service.update)
        XCTAssertFalse(service.blocksSessions)
        XCTAssertEqual(service.status, .idle)
        XCTAssertEqual(service.bootAccepted(), [], "nothing to report after the next boot")
        XCTAssertEqual(effects(service.requested(request(), downloadDirectory: "/var/lib/station")).first, .cancelDownload, "a new update is taken")
    }

    func testNewRequestIsIgnoredWhileInstallingAndReplacesOneThatHasNotStartedInstalling() throws {
        var service = try downloading()
        let later = request(at: Self.retrieveDate.adding(seconds: 3600))
        let replaced = effects(service.requested(later, downloadDirectory: "/var/lib/station"))
        XCTAssertEqual(replaced.first, .cancelDownload, "the running download is abandoned")
        XCTAssertEqual(replaced.last, .scheduleDownload(at: later.retrieveDate))
        XCTAssertEqual(service.update?.phase, .scheduled)
        XCTAssertEqual(service.update?.attemptsLeft, 3)
        _ = service.downloadDue()
        _ = service.downloadFinished(.success(()))
        _ = service.installIfReady(connectorsFree: true)
        let installing = service.update
        let whileInstalling = service.requested(request(), downloadDirectory: "/var/lib/station")
        XCTAssertEqual(effects(whileInstalling), [], "only logged")
        XCTAssertEqual(logs(whileInstalling).count, 1)
        XCTAssertEqual(service.update, installing)
        _ = service.installFinished(.success("2.1"))
        XCTAssertEqual(effects(service.requested(request(), downloadDirectory: "/var/lib/station")), [], "installed, waiting for the reboot")
        XCTAssertEqual(service.update?.phase, .installed)
    }

    func testEventsOutOfTurnAreIgnored() throws {
        var service = try FirmwareService(stored: nil)
        XCTAssertEqual(service.downloadDue(), [])
        XCTAssertEqual(service.downloadFinished(.success(())), [])
        XCTAssertEqual(service.installIfReady(connectorsFree: true), [])
        XCTAssertEqual(service.installFinished(.success("2.1")), [])
        _ = service.requested(request(), downloadDirectory: "/var/lib/station")
        XCTAssertEqual(service.downloadFinished(.failure(TransferError("late report"))), [], "no download runs yet")
        XCTAssertEqual(service.installIfReady(connectorsFree: true), [], "nothing downloaded")
        _ = service.downloadDue()
        XCTAssertEqual(service.downloadDue(), [], "one download at a time")
        XCTAssertEqual(service.update?.attemptsLeft, 3)
    }

    // MARK: Notifications

    func testNotificationsInFlightCountEveryStatusUntilSent() throws {
        var service = try downloading()
        XCTAssertEqual(service.notificationsInFlight, 1, "Downloading")
        _ = service.downloadFinished(.success(()))
        XCTAssertEqual(service.notificationsInFlight, 2, "Downloaded")
        service.notificationSent()
        service.notificationSent()
        XCTAssertEqual(service.notificationsInFlight, 0)
        XCTAssertEqual(service.triggered(), [.notify(.downloaded)], "a trigger reports the step in progress")
        XCTAssertEqual(service.notificationsInFlight, 1)
        _ = service.installIfReady(connectorsFree: true)
        XCTAssertEqual(service.notificationsInFlight, 2, "the reboot waits for Installing")
        XCTAssertEqual(service.triggered(), [.notify(.installing)])
        service.notificationSent()
        service.notificationSent()
        service.notificationSent()
        XCTAssertEqual(service.notificationsInFlight, 0)
        _ = service.installFinished(.failure(InstallError("bad image")))
        XCTAssertEqual(service.notificationsInFlight, 1, "InstallationFailed")
        XCTAssertEqual(service.triggered(), [.notify(.idle)], "idle once the update is over")
    }
}
