// Routing of Firmware Management, firmware side: UpdateFirmware, the download and install jobs
// and the reboot go through the FirmwareService, which decides; the station performs its
// actions (persist the step, notify, run the transfer or installer as a job, reboot).

import OCPP
import Synchronization

extension Station {
    func updateFirmware(_ request: UpdateFirmware.Request, id: MessageId) -> Answer {
        guard let files else { return notSupported(id, .updateFirmware) }
        perform(firmware.requested(request, downloadDirectory: files.downloadDirectory))
        return .payload(UpdateFirmware.Response())
    }

    /// A firmware job reported back.
    func handleFirmware(_ event: FirmwareEvent) {
        switch event {
        case .downloadFinished(let result): perform(firmware.downloadFinished(result))
        case .installFinished(let result): perform(firmware.installFinished(result))
        case .uploadFinished(let result): diagnosticsUploadFinished(result)
        case .logUploadFinished(let result): logUploadFinished(result)
        case .verificationFinished(let result): perform(firmware.verificationFinished(result))
        }
    }

    /// Starts the installation once the image is here and no transaction runs (called after
    /// every input). While connected it also waits until the last StopTransaction is out of the
    /// queue, so that the central system sees the transaction end before Installing (the two go
    /// by different paths); offline it does not wait, since the queue survives the reboot.
    func installFirmwareIfReady() {
        guard files != nil else { return }
        let connectorsFree = connectors.allSatisfy { $0.transaction == nil && !$0.isStarting }
        let stopsDelivered = !registration.connected || !statuses.transactionMessagesUndelivered
        perform(firmware.installIfReady(connectorsFree: connectorsFree && stopsDelivered))
    }

    /// Performs the FirmwareService's actions in order.
    func perform(_ actions: [FirmwareService.Action]) {
        for action in actions {
            switch action {
            case .persist(let update):
                do {
                    try store.saveDocument(.firmwareUpdate, update.map { FrameEncoder.payload($0) })
                } catch {
                    log("firmware update state not saved: \(error)")
                }
            case .notify(let status):
                enqueue(.firmwareStatusNotification(FirmwareStatusNotification.Request(status: status)))
                if status == .installed { raiseSecurityEvent(.firmwareUpdated, techInfo: "firmware \(firmware.installedVersion ?? "unknown") installed") }
            case .notifySigned(let status, let requestId):
                enqueue(.signedFirmwareStatusNotification(SignedFirmwareStatusNotification.Request(status: status, requestId: requestId)))
                if status == .installed { raiseSecurityEvent(.firmwareUpdated, techInfo: "firmware \(firmware.installedVersion ?? "unknown") installed") }
            case .verify(let file, let signed):
                verifySignedImage(file: file, signed)
            case .invalidSignature(let reason):
                raiseSecurityEvent(.invalidFirmwareSignature, techInfo: reason)
            case .scheduleDownload(let date):
                startTimer(.firmwareDownload, after: .milliseconds(max(0, date.millisecondsSince1970 - now.millisecondsSince1970)))
            case .retryDownload(let seconds):
                startTimer(.firmwareDownload, after: .seconds(seconds))
            case .cancelDownload:
                jobs.cancel(.firmwareTransfer)
            case .download(let location, let file):
                guard let transfer = files?.transfer else { continue }
                startTransfer(.firmwareTransfer, what: "firmware download", report: FirmwareEvent.downloadFinished) { progress throws(TransferError) in
                    try await transfer.download(from: location, to: file, progress: progress)
                }
            case .install(let file, let fileName):
                guard let files else { continue }
                jobs.start(.firmwareInstallation) { [inputs] token in
                    let result: Result<String, InstallError>
                    do throws(InstallError) {
                        result = .success(try await files.installer.install(imageAt: file, fileName: fileName))
                    } catch {
                        result = .failure(error)
                    }
                    inputs.continuation.yield(.job(token, .firmware(.installFinished(result))))
                }
            case .reboot:
                scheduleReboot(.hard)
            case .log(let line):
                log(line)
            }
        }
    }
}

extension Station {
    /// Runs a file transfer as the job `key`, logging its progress (as `what`) in quarters, and
    /// reports its result as the input `report` makes of it.
    func startTransfer(
        _ key: JobKind, what: String, report: @escaping @Sendable (Result<Void, TransferError>) -> FirmwareEvent,
        _ transfer: @escaping @Sendable (_ progress: @escaping @Sendable (TransferProgress) -> Void) async throws(TransferError) -> Void
    ) {
        let log = self.log
        jobs.start(key) { [inputs] token in
            let progressLog = ProgressLog(what: what, log: log)
            let result: Result<Void, TransferError>
            do throws(TransferError) {
                try await transfer { progressLog.report($0) }
                result = .success(())
            } catch {
                result = .failure(error)
            }
            inputs.continuation.yield(.job(token, .firmware(report(result))))
        }
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
    case logUploadFinished(Result<Void, TransferError>)
    case verificationFinished(Result<Void, FirmwareVerificationError>)
}
