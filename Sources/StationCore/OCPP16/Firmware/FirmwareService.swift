// Firmware Management, firmware side: UpdateFirmware waits for retrieveDate, downloads with
// retries, waits for the connectors to be free (no new sessions meanwhile), installs through the
// installer port and reboots in-process; Installed is sent after the next boot. The update's
// progress is persisted so that a power cut resumes it instead of losing it.
//
// Choices where OCPP 1.6 leaves one:
// - `retries` absent: 3 attempts; `retryInterval` absent: 60 s. `retries: 0` still downloads once.
// - A new UpdateFirmware replaces an update that has not started installing.
// - A download cut by a power loss counts as a failed attempt and is retried.

import OCPP
import Synchronization

/// A firmware update in progress, as persisted.
struct FirmwareUpdate: OCPPPayload {
    enum Phase: String, Codable, Sendable {
        /// Waiting for retrieveDate, or for the next attempt.
        case scheduled
        /// A download runs.
        case downloading
        /// The image is here; waiting for free connectors.
        case downloaded
        /// The installer runs.
        case installing
        /// Installed; Installed is sent after the reboot.
        case installed
    }

    var location: String
    var retrieveDate: Timestamp
    var attemptsLeft: Int
    var retryInterval: Int
    var phase: Phase
    /// Where the image is downloaded to.
    var file: String
}

extension Station {
    /// Whether a firmware update keeps new sessions from starting (downloaded or installing).
    var firmwareUpdateBlocksSessions: Bool {
        guard let phase = firmwareUpdate?.phase else { return false }
        return phase == .downloaded || phase == .installing || phase == .installed
    }

    func updateFirmware(_ request: UpdateFirmware.Request, id: MessageId) -> Answer {
        guard let files else { return notSupported(id, .updateFirmware) }
        if let current = firmwareUpdate, current.phase == .installing || current.phase == .installed {
            log("UpdateFirmware ignored: an installation is in progress")
            return .payload(UpdateFirmware.Response())
        }
        jobs.cancel(.firmwareTransfer)
        let update = FirmwareUpdate(
            location: request.location.value, retrieveDate: request.retrieveDate, attemptsLeft: Self.transferAttempts(request.retries),
            retryInterval: Self.transferRetryInterval(request.retryInterval), phase: .scheduled,
            file: files.downloadDirectory + "/firmware-\(request.retrieveDate.millisecondsSince1970).img"
        )
        saveFirmwareUpdate(update)
        log("firmware update from \(TransferURL(update.location).redacted) scheduled for \(update.retrieveDate)")
        scheduleFirmwareDownload(at: update.retrieveDate)
        return .payload(UpdateFirmware.Response())
    }

    /// Resumes a persisted update after a (re)boot; called once the station runs.
    func resumeFirmwareUpdate() {
        guard var update = firmwareUpdate else { return }
        switch update.phase {
        case .scheduled:
            scheduleFirmwareDownload(at: update.retrieveDate)
        case .downloading:
            downloadAttemptFailed(update, why: "cut by a reboot", retryAfter: .zero)
        case .downloaded, .installing:
            // An installation cut by a power loss is started again from the downloaded image.
            update.phase = .downloaded
            saveFirmwareUpdate(update)
        case .installed:
            break   // Installed is sent once the BootNotification is accepted.
        }
    }

    /// A download attempt of `update` failed: try again after `delay` while attempts are left,
    /// otherwise report DownloadFailed.
    private func downloadAttemptFailed(_ update: FirmwareUpdate, why: String, retryAfter delay: Duration) {
        var update = update
        update.attemptsLeft -= 1
        log("firmware download \(why); \(update.attemptsLeft) attempts left")
        guard update.attemptsLeft > 0 else {
            finishFirmwareUpdate(.downloadFailed)
            return
        }
        update.phase = .scheduled
        saveFirmwareUpdate(update)
        startTimer(.firmwareDownload, after: delay)
    }

    /// The attempts of a transfer whose request says `retries` (3 when absent, at least 1).
    static func transferAttempts(_ retries: Int?) -> Int { max(1, retries ?? 3) }

    /// The seconds between a transfer's attempts when the request says `retryInterval` (60 when
    /// absent).
    static func transferRetryInterval(_ retryInterval: Int?) -> Int { max(0, retryInterval ?? 60) }

    /// After an accepted BootNotification: report an installation that finished before the reboot.
    func reportInstalledFirmware() {
        guard let update = firmwareUpdate, update.phase == .installed else { return }
        finishFirmwareUpdate(.installed)
    }

    private func scheduleFirmwareDownload(at date: Timestamp) {
        let delay = max(0, date.millisecondsSince1970 - now.millisecondsSince1970)
        startTimer(.firmwareDownload, after: .milliseconds(delay))
    }

    /// The timer for the next download attempt fired.
    func startFirmwareDownload() {
        guard let files, var update = firmwareUpdate, update.phase == .scheduled else { return }
        update.phase = .downloading
        saveFirmwareUpdate(update)
        sendFirmwareStatus(.downloading)
        log("firmware download from \(TransferURL(update.location).redacted) (\(update.attemptsLeft) attempts left)")
        let log = self.log
        jobs.start(.firmwareTransfer) { [inputContinuation, location = update.location, file = update.file] token in
            let progressLog = ProgressLog(what: "firmware download", log: log)
            let result: Result<Void, TransferError>
            do throws(TransferError) {
                try await files.transfer.download(from: location, to: file) { progressLog.report($0) }
                result = .success(())
            } catch {
                result = .failure(error)
            }
            inputContinuation.yield(.job(token, .firmware(.downloadFinished(result))))
        }
    }

    func handleFirmware(_ event: FirmwareEvent) async {
        switch event {
        case .downloadFinished(let result):
            guard var update = firmwareUpdate, update.phase == .downloading else { return }
            switch result {
            case .success:
                update.phase = .downloaded
                saveFirmwareUpdate(update)
                sendFirmwareStatus(.downloaded)
                log("firmware downloaded to \(update.file); installing once no transaction runs")
            case .failure(let error):
                downloadAttemptFailed(update, why: "failed: \(error)", retryAfter: .seconds(update.retryInterval))
            }
        case .installFinished(let result):
            guard var update = firmwareUpdate, update.phase == .installing else { return }
            switch result {
            case .success(let version):
                update.phase = .installed
                saveFirmwareUpdate(update)
                log("firmware \(version) installed; rebooting")
                pendingReset = .hard
                startTimer(.resetDeadline, after: .seconds(30))
            case .failure(let error):
                log("firmware installation failed: \(error)")
                finishFirmwareUpdate(.installationFailed)
            }
        case .uploadFinished(let result):
            diagnosticsUploadFinished(result)
        }
    }

    /// Starts the installation once the image is here and no transaction runs (called after
    /// every input).
    func installFirmwareIfReady() {
        guard let files, var update = firmwareUpdate, update.phase == .downloaded,
              connectors.allSatisfy({ $0.transaction == nil && !$0.isStarting }) else { return }
        update.phase = .installing
        saveFirmwareUpdate(update)
        sendFirmwareStatus(.installing)
        jobs.start(.firmwareInstallation) { [inputContinuation, file = update.file, fileName = TransferURL(update.location).fileName] token in
            let result: Result<String, InstallError>
            do throws(InstallError) {
                result = .success(try await files.installer.install(imageAt: file, fileName: fileName))
            } catch {
                result = .failure(error)
            }
            inputContinuation.yield(.job(token, .firmware(.installFinished(result))))
        }
    }

    private func finishFirmwareUpdate(_ status: FirmwareStatusNotification.FirmwareStatus) {
        firmwareUpdate = nil
        do { try store.saveDocument(.firmwareUpdate, nil) } catch { log("firmware update state not cleared: \(error)") }
        sendFirmwareStatus(status)
        firmwareStatus = .idle
    }

    private func saveFirmwareUpdate(_ update: FirmwareUpdate) {
        firmwareUpdate = update
        do { try store.saveDocument(.firmwareUpdate, FrameEncoder.payload(update)) } catch { log("firmware update state not saved: \(error)") }
    }

    func sendFirmwareStatus(_ status: FirmwareStatusNotification.FirmwareStatus) {
        firmwareStatus = status
        firmwareNotificationsInFlight += 1
        enqueue(.firmwareStatusNotification(FirmwareStatusNotification.Request(status: status)))
    }
}

/// Logs a transfer's progress in quarters, from any thread.
final class ProgressLog: Sendable {
    private let what: String
    private let log: @Sendable (String) -> Void
    private let lastQuarter = Mutex(-1)

    init(what: String, log: @escaping @Sendable (String) -> Void) {
        self.what = what
        self.log = log
    }

    func report(_ progress: TransferProgress) {
        guard let total = progress.total, total > 0 else { return }
        let quarter = Int(progress.bytes * 4 / total)
        let isNew = lastQuarter.withLock { last in
            defer { last = max(last, quarter) }
            return quarter > last
        }
        if isNew { log("\(what): \(progress.bytes) of \(total) bytes") }
    }
}

/// What the firmware and diagnostics jobs report back to the station (a report of a replaced
/// job never arrives: `StationJobs` drops it).
enum FirmwareEvent: Sendable {
    case downloadFinished(Result<Void, TransferError>)
    case installFinished(Result<String, InstallError>)
    case uploadFinished(Result<Void, TransferError>)
}
