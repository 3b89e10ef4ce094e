// A log upload (GetLog of the 1.6 Security extension and of OCPP 2.0.1) as a value, without
// either version's messages: after the requested log was collected into one file, the upload is
// tried with retries, reported Uploading, then Uploaded or a failure, each with the requestId.
// No I/O: the owner collects, uploads and notifies (in its version's message) as the actions say.
//
// Choices where the specifications leave one (also in the README):
// - `retries` absent: 3 attempts; `retryInterval` absent: 60 s (as for GetDiagnostics).
// - A GetLog while an upload runs cancels that upload (answer AcceptedCanceled) and starts the new one.
// - A remoteLocation ending in "/" is a directory: the file goes to remoteLocation + filename.
// - An upload is not resumed after a reboot: the central system asks again.
// - The last failed attempt is reported by its kind: the server refused the access
//   (PermissionDenied), the scheme is not supported (NotSupportedOperation), else UploadFailure.

/// The log upload of a station. Owned by the station actor.
struct LogUploadService {
    /// An upload in progress.
    struct Upload: Sendable, Equatable {
        var requestId: Int
        var location: String
        var path: String
        var attemptsLeft: Int
        var retryInterval: Int
    }

    /// A step of an upload that the owner reports (each version has a status of the same name).
    enum Step: Sendable, Equatable {
        case uploading
        case uploaded
        case uploadFailure
        case permissionDenied
        case notSupportedOperation
    }

    /// What the owner must do, in order.
    enum Action: Equatable {
        /// Abandon a running upload (its report will be dropped).
        case cancelUpload
        /// Fire the upload timer after this many seconds.
        case scheduleAttempt(afterSeconds: Int)
        /// Upload the file at `path` to `location`.
        case upload(path: String, location: String)
        /// Report `step` of the upload of request `requestId`.
        case notify(Step, requestId: Int)
        case log(String)
    }

    /// The upload in progress.
    private(set) var upload: Upload?
    /// Whether an attempt is being made now (a triggered status notification says Uploading).
    private(set) var uploading = false

    /// The request whose upload a triggered status notification reports as Uploading, or nil
    /// (Idle) when no attempt runs.
    var uploadingRequestId: Int? { uploading ? upload?.requestId : nil }

    /// GetLog, once the log `fileName` was collected at `path`: upload it to `remoteLocation`
    /// (`logName` only names it in the log). Returns the request whose upload was cancelled for
    /// it (nil: none), and the actions.
    mutating func collected(
        path: String, fileName: String, logName: String, requestId: Int, remoteLocation location: String, retries: Int?, retryInterval: Int?
    ) -> (canceled: Int?, actions: [Action]) {
        let canceled = upload?.requestId
        upload = Upload(
            requestId: requestId, location: location.hasSuffix("/") ? location + fileName : location, path: path,
            attemptsLeft: FirmwareService.transferAttempts(retries), retryInterval: FirmwareService.transferRetryInterval(retryInterval)
        )
        uploading = false
        let actions: [Action] = [
            .cancelUpload, .log("\(logName) \(fileName) collected; uploading to \(TransferURL(location).redacted)"),
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
                return [logged, .notify(Self.finalStep(error.kind), requestId: current.requestId)]
            }
            upload = current
            return [logged, .scheduleAttempt(afterSeconds: current.retryInterval)]
        }
    }

    /// The step that reports a last failed attempt of `kind`.
    static func finalStep(_ kind: TransferError.Kind) -> Step {
        switch kind {
        case .failed: .uploadFailure
        case .permissionDenied: .permissionDenied
        case .unsupportedScheme: .notSupportedOperation
        }
    }
}
