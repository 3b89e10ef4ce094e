// Firmware Management through the station, on virtual time: UpdateFirmware waits for
// retrieveDate, retries failed downloads, waits for running transactions and keeps new sessions
// out, installs, reboots in-process with the new version in BootNotification and sends Installed
// after it; a failing installation gives InstallationFailed. GetDiagnostics answers the file name and
// uploads with retries. Transfers here are scripted (the real libcurl transfers are tested in
// StationFilesTests and, end to end, in the integration tests).

import OCPP
import StationCore
import StationHAL
import StationStorage
import StationTesting
import XCTest

/// A transfer whose outcomes the test scripts: each call takes the next outcome (success when
/// the script is empty) and is recorded.
final class ScriptedTransfer: FileTransfer {
    let outcomes = Locked<[TransferError?]>([])
    let calls = Locked<[String]>([])

    var supportedSchemes: Set<String> { ["http", "https", "ftp"] }

    func download(from url: String, to path: String, progress: @escaping @Sendable (TransferProgress) -> Void) async throws(TransferError) {
        try next("download \(url)")
    }

    func upload(file path: String, to url: String, progress: @escaping @Sendable (TransferProgress) -> Void) async throws(TransferError) {
        try next("upload \(url)")
    }

    private func next(_ call: String) throws(TransferError) {
        calls.withLock { $0.append(call) }
        let outcome = outcomes.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if let outcome { throw outcome }
    }
}

/// An installer that records the file names it is given and installs version 2.0.0, or fails
/// when the test set `fails`.
final class RecordingInstaller: FirmwareInstaller {
    let version = Locked<String?>("1.0.0")
    let fails = Locked(false)
    let fileNames = Locked<[String]>([])

    func installedVersion() async -> String? { version.withLock { $0 } }

    func install(imageAt path: String) async throws(InstallError) -> String {
        try await install(imageAt: path, fileName: "")
    }

    func install(imageAt path: String, fileName: String) async throws(InstallError) -> String {
        fileNames.withLock { $0.append(fileName) }
        guard !fails.withLock({ $0 }) else { throw InstallError("the installation failed as the test asked") }
        version.withLock { $0 = "2.0.0" }
        return "2.0.0"
    }
}

/// Diagnostics that are always `diagnostics.tar`.
struct FixedDiagnostics: DiagnosticsCollector {
    func collect(from start: Timestamp?, to stop: Timestamp?) async throws(TransferError) -> (path: String, fileName: String) {
        ("/tmp/diagnostics.tar", "diagnostics.tar")
    }
}

final class FirmwareManagementTests: StationTestCase {
    let transfer = ScriptedTransfer()
    let installer = RecordingInstaller()

    func startWithFiles(directory: String = "/tmp/firmware") async throws {
        try await startStation(files: FileServices(transfer: transfer, installer: installer, diagnostics: FixedDiagnostics(), downloadDirectory: directory))
    }

    func firmwareStatuses() async -> [FirmwareStatusNotification.FirmwareStatus] {
        await csms.requests(FirmwareStatusNotification.Request.self).map(\.status)
    }

    func updateFirmware(inSeconds seconds: Int, retries: Int? = nil, retryInterval: Int? = nil) async throws {
        let request = UpdateFirmware.Request(
            location: "ftp://user:secret@127.0.0.1/fw.img", retries: retries, retrieveDate: Timestamp(harness.clock.wallTime).adding(seconds: seconds),
            retryInterval: retryInterval
        )
        _ = try await csms.send(request).get()
    }

    func testInstallingWaitsUntilTheCentralSystemHasTheStopTransaction() async throws {
        try await startWithFiles()
        _ = try await startTransaction(connectorId: 1)
        try await updateFirmware(inSeconds: 0)
        try await expect("Downloaded") { await self.firmwareStatuses() == [.downloading, .downloaded] }

        // The first StopTransaction goes unanswered: Installing waits for the retried one.
        await csms.ignoreNext(.stopTransaction, times: 1)
        try hardware.presentCard(idTag: "TAG-1", connector: nil)
        try await expect("the StopTransaction sent") { await self.csms.actions.contains(.stopTransaction) }
        await harness.settle()
        let early = await firmwareStatuses()
        XCTAssertFalse(early.contains(.installing), "no Installing before the central system has the StopTransaction")

        await harness.advance(.seconds(30))
        try await expect("Installed after the reboot") { await self.firmwareStatuses().last == .installed }
        let actions = await csms.actions
        let stop = try XCTUnwrap(actions.lastIndex(of: .stopTransaction))
        // The third FirmwareStatusNotification, after Downloading and Downloaded, is Installing.
        let notifications = actions.indices.filter { actions[$0] == .firmwareStatusNotification }
        let installing = try XCTUnwrap(notifications.dropFirst(2).first)
        XCTAssertLessThan(stop, installing, "StopTransaction, then Installing")
    }

    func testAnUpdateWaitsForTheTransactionThenInstallsAndRebootsWithTheNewVersion() async throws {
        try await startWithFiles()
        let profiles = await harness.station.currentConfiguration.value(of: .supportedFeatureProfiles)
        XCTAssertEqual(profiles, "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger")
        _ = try await startTransaction(connectorId: 1)
        transfer.outcomes.withLock { $0 = [TransferError("connection refused")] }
        try await updateFirmware(inSeconds: 60, retries: 2, retryInterval: 30)
        await harness.advance(.seconds(59))
        XCTAssertTrue(transfer.calls.withLock { $0 }.isEmpty, "nothing before retrieveDate")
        await harness.advance(.seconds(1))
        try await expect("first attempt") { self.transfer.calls.withLock { $0.count } == 1 }
        await harness.advance(.seconds(30))
        try await expect("Downloaded after the retry") { await self.firmwareStatuses() == [.downloading, .downloading, .downloaded] }
        XCTAssertEqual(transfer.calls.withLock { $0 }.first, "download ftp://user:secret@127.0.0.1/fw.img")
        XCTAssertFalse(harness.log.contains { $0.contains("secret") }, "the password is not logged")

        // Downloaded, but a transaction runs: no installation, and no new session.
        try hardware.plug(connector: 2)
        try hardware.presentCard(idTag: "LATE", connector: 2)
        await harness.settle()
        let second = await snapshot().connectors[1].transactionRunning
        XCTAssertFalse(second, "no new session while an update waits to install")
        var statuses = await firmwareStatuses()
        XCTAssertFalse(statuses.contains(.installing))

        try hardware.presentCard(idTag: "TAG-1", connector: nil)
        try await expect("Installed after the reboot") { await self.firmwareStatuses().last == .installed }
        statuses = await firmwareStatuses()
        XCTAssertEqual(statuses, [.downloading, .downloading, .downloaded, .installing, .installed])
        let boots = await csms.requests(BootNotification.Request.self)
        XCTAssertEqual(boots.last?.firmwareVersion, "2.0.0")
        XCTAssertEqual(installer.fileNames.withLock { $0 }, ["fw.img"], "the installer is given the location's file name")
        XCTAssertEqual(harness.bootCount, 2)
        let actions = await csms.actions
        let lastBoot = try XCTUnwrap(actions.lastIndex(of: .bootNotification))
        XCTAssertGreaterThan(try XCTUnwrap(actions.lastIndex(of: .firmwareStatusNotification)), lastBoot, "Installed follows the BootNotification")
        // The reboot looks like one to the central system: Installing, a Close frame (going away),
        // a new connection, then the BootNotification.
        let timeline = await csms.timeline.filter { ["call:FirmwareStatusNotification", "closed:goingAway", "connected", "call:BootNotification"].contains($0) }
        XCTAssertEqual(Array(timeline.suffix(5)), ["call:FirmwareStatusNotification", "closed:goingAway", "connected", "call:BootNotification", "call:FirmwareStatusNotification"])
        let trigger = try await csms.send(TriggerMessage.Request(requestedMessage: .firmwareStatusNotification)).get()
        XCTAssertEqual(trigger.status, .accepted)
        try await expect("Idle when triggered afterwards") { await self.firmwareStatuses().last == .idle }
    }

    func testAnUpdateSurvivesAPowerCut() async throws {
        let path = try temporaryStorePath()
        let files = FileServices(transfer: transfer, installer: installer, diagnostics: FixedDiagnostics(), downloadDirectory: "/tmp/firmware")
        try await startStation(store: try SQLiteStationStore(path: path), files: files)
        _ = try await startTransaction(connectorId: 2)
        try await updateFirmware(inSeconds: 0)
        try await expect("Downloaded") { await self.firmwareStatuses() == [.downloading, .downloaded] }
        await harness.cutPower()
        await csms.clearReceived()
        try await harness.start(store: try SQLiteStationStore(path: path))
        try await expect("installed after the restart") { await self.firmwareStatuses() == [.installing, .installed] }
        let stop = try await first(StopTransaction.Request.self)
        XCTAssertEqual(stop.reason, .powerLoss)
        XCTAssertEqual(transfer.calls.withLock { $0.count }, 1, "the downloaded image was not fetched again")
    }

    func testDownloadFailedAfterTheLastAttempt() async throws {
        try await startWithFiles()
        transfer.outcomes.withLock { $0 = [TransferError("404"), TransferError("404")] }
        try await updateFirmware(inSeconds: 0, retries: 2, retryInterval: 10)
        try await expect("first attempt") { self.transfer.calls.withLock { $0.count } == 1 }
        await harness.advance(.seconds(10))
        try await expect("DownloadFailed") { await self.firmwareStatuses() == [.downloading, .downloading, .downloadFailed] }
        _ = try await startTransaction(connectorId: 1)
    }

    func testAFailingInstallationGivesInstallationFailedWithoutAReboot() async throws {
        installer.fails.withLock { $0 = true }
        try await startWithFiles()
        try await updateFirmware(inSeconds: 0)
        try await expect("InstallationFailed") { await self.firmwareStatuses().last == .installationFailed }
        let statuses = await firmwareStatuses()
        XCTAssertEqual(statuses, [.downloading, .downloaded, .installing, .installationFailed])
        XCTAssertEqual(harness.bootCount, 1, "no reboot")
        _ = try await startTransaction(connectorId: 1)
    }

    func testGetDiagnosticsAnswersTheFileNameAndRetriesTheUpload() async throws {
        try await startWithFiles()
        transfer.outcomes.withLock { $0 = [TransferError("503")] }
        let answer = try await csms.send(GetDiagnostics.Request(location: "http://127.0.0.1/upload/", retries: 2, retryInterval: 20)).get()
        XCTAssertEqual(answer.fileName, "diagnostics.tar")
        try await expect("first upload") { self.transfer.calls.withLock { $0.count } == 1 }
        XCTAssertEqual(transfer.calls.withLock { $0 }, ["upload http://127.0.0.1/upload/diagnostics.tar"], "a location ending in / is a directory")
        await harness.advance(.seconds(20))
        try await expect("Uploaded") {
            await self.csms.requests(DiagnosticsStatusNotification.Request.self).map(\.status) == [.uploading, .uploading, .uploaded]
        }
    }
}
