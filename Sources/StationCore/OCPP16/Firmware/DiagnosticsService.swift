// Firmware Management, diagnostics side, as a value: after GetDiagnostics collected the logs into
// one archive, the upload is tried with retries, reporting Uploading, Uploaded or UploadFailed.
// No I/O: the owner collects, uploads and notifies as the returned actions say.
//
// Choices where OCPP 1.6 leaves one:
// - `retries` absent: 3 attempts; `retryInterval` absent: 60 s.
// - A GetDiagnostics while an upload runs replaces it (the earlier upload is abandoned).
// - An upload is not resumed after a reboot: the central system asks again.
// - When no log could be collected the answer has no fileName and nothing is uploaded.
// - A location ending in "/" is a directory: the archive goes to location + fileName. Any other
//   location is taken as the URL of the file to write (some central systems name the file).

import OCPP

/// The diagnostics upload of the station. Owned by the Station actor.
struct DiagnosticsService {
    /// An upload in progress.
    struct Upload: Sendable, Equatable {
        var location: String
        var path: String
        var attemptsLeft: Int
        var retryInterval: Int
    }

    /// What the owner must do, in order.
    enum Action: Equatable {
        /// Abandon a running upload (its report will be dropped).
        case cancelUpload
        /// Fire `diagnosticsUpload` after this many seconds.
        case scheduleAttempt(afterSeconds: Int)
        /// Upload the archive at `path` to `location`.
        case upload(path: String, location: String)
        /// Send DiagnosticsStatusNotification with this status.
        case notify(DiagnosticsStatusNotification.DiagnosticsStatus)
        case log(String)
    }

    /// The upload in progress.
    private(set) var upload: Upload?
    /// What a triggered DiagnosticsStatusNotification reports: Uploading while an upload runs,
    /// otherwise Idle.
    private(set) var status: DiagnosticsStatusNotification.DiagnosticsStatus = .idle

    /// GetDiagnostics, once the archive `fileName` was collected at `path`: upload it.
    mutating func collected(path: String, fileName: String, for request: GetDiagnostics.Request) -> [Action] {
        let location = request.location.value
        upload = Upload(
            location: location.hasSuffix("/") ? location + fileName : location, path: path,
            attemptsLeft: FirmwareService.transferAttempts(request.retries), retryInterval: FirmwareService.transferRetryInterval(request.retryInterval)
        )
        return [
            .cancelUpload, .log("diagnostics \(fileName) collected; uploading to \(TransferURL(location).redacted)"), .scheduleAttempt(afterSeconds: 0),
        ]
    }

    /// The timer for the next attempt fired.
    mutating func attemptDue() -> [Action] {
        guard let upload else { return [] }
        status = .uploading
        return [.notify(.uploading), .upload(path: upload.path, location: upload.location)]
    }

    /// An attempt ended.
    mutating func uploadFinished(_ result: Result<Void, TransferError>) -> [Action] {
        guard var current = upload else { return [] }
        switch result {
        case .success:
            return [.log("diagnostics uploaded")] + finish(.uploaded)
        case .failure(let error):
            current.attemptsLeft -= 1
            let logged = Action.log("diagnostics upload failed: \(error); \(current.attemptsLeft) attempts left")
            guard current.attemptsLeft > 0 else { return [logged] + finish(.uploadFailed) }
            upload = current
            return [logged, .scheduleAttempt(afterSeconds: current.retryInterval)]
        }
    }

    private mutating func finish(_ final: DiagnosticsStatusNotification.DiagnosticsStatus) -> [Action] {
        upload = nil
        status = .idle
        return [.notify(final)]
    }
}
