// GetLog (Security extension) as a value: after the requested log (diagnostics or security) was
// collected into one file, the upload is tried with retries, reported with LogStatusNotification
// Uploading, then Uploaded or UploadFailure, each carrying the request's requestId.
// No I/O: the owner collects, uploads and notifies as the returned actions say.
//
// Choices where the Security Whitepaper leaves one (also in the README):
// - `retries` absent: 3 attempts; `retryInterval` absent: 60 s (as for GetDiagnostics).
// - A GetLog while an upload runs cancels that upload (answer AcceptedCanceled) and starts the new one.
// - A remoteLocation ending in "/" is a directory: the file goes to remoteLocation + filename.
// - An upload is not resumed after a reboot: the central system asks again.

import OCPP

/// The log upload of the station. Owned by the Station actor.
struct LogUploadService {
    /// An upload in progress.
    struct Upload: Sendable, Equatable {
        var requestId: Int
        var location: String
        var path: String
        var attemptsLeft: Int
        var retryInterval: Int
    }

    /// What the owner must do, in order.
    enum Action: Equatable {
        /// Abandon a running upload (its report will be dropped).
        case cancelUpload
        /// Fire `logUpload` after this many seconds.
        case scheduleAttempt(afterSeconds: Int)
        /// Upload the file at `path` to `location`.
        case upload(path: String, location: String)
        /// Send LogStatusNotification.
        case notify(LogStatusNotification.UploadLogStatus, requestId: Int)
        case log(String)
    }

    /// The upload in progress.
    private(set) var upload: Upload?
    /// Whether an attempt is being made now (a triggered LogStatusNotification says Uploading).
    private(set) var uploading = false

    /// What a triggered LogStatusNotification reports: Uploading with the request's id while an
    /// upload runs, otherwise Idle without one.
    var triggeredStatus: LogStatusNotification.Request {
        guard let upload, uploading else { return LogStatusNotification.Request(status: .idle) }
        return LogStatusNotification.Request(status: .uploading, requestId: upload.requestId)
    }

    /// GetLog, once the log `fileName` was collected at `path`: upload it. Returns whether an
    /// earlier upload was cancelled for it, and the actions.
    mutating func collected(path: String, fileName: String, for request: GetLog.Request) -> (canceled: Bool, actions: [Action]) {
        let canceled = upload != nil
        let location = request.log.remoteLocation.value
        upload = Upload(
            requestId: request.requestId, location: location.hasSuffix("/") ? location + fileName : location, path: path,
            attemptsLeft: FirmwareService.transferAttempts(request.retries), retryInterval: FirmwareService.transferRetryInterval(request.retryInterval)
        )
        uploading = false
        let actions: [Action] = [
            .cancelUpload, .log("\(request.logType.rawValue) \(fileName) collected; uploading to \(TransferURL(location).redacted)"),
            .scheduleAttempt(afterSeconds: 0),
        ]
        return (canceled, actions)
    }

    /// The timer for the next attempt fired.
    mutating func attemptDue() -> [Action] {
        guard let upload else { return [] }
        uploading = true
        return [.notify(.uploading, requestId: upload.requestId), .upload(path: upload.path, location: upload.location)]
    }

    /// An attempt ended.
    mutating func uploadFinished(_ result: Result<Void, TransferError>) -> [Action] {
        guard var current = upload else { return [] }
        switch result {
        case .success:
            upload = nil
            uploading = false
            return [.log("log uploaded"), .notify(.uploaded, requestId: current.requestId)]
        case .failure(let error):
            current.attemptsLeft -= 1
            let logged = Action.log("log upload failed: \(error); \(current.attemptsLeft) attempts left")
            guard current.attemptsLeft > 0 else {
                upload = nil
                uploading = false
                return [logged, .notify(.uploadFailure, requestId: current.requestId)]
            }
            upload = current
            return [logged, .scheduleAttempt(afterSeconds: current.retryInterval)]
        }
    }
}
