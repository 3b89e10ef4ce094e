// Firmware Management, diagnostics side: GetDiagnostics collects the logs between startTime and
// stopTime into one archive before answering with its file name, then uploads it with retries,
// reporting Uploading, Uploaded or UploadFailed.
//
// Choices where OCPP 1.6 leaves one:
// - `retries` absent: 3 attempts; `retryInterval` absent: 60 s.
// - A GetDiagnostics while an upload runs replaces it (the earlier upload is abandoned).
// - An upload is not resumed after a reboot: the central system asks again.
// - When no log could be collected the answer has no fileName and nothing is uploaded.
// - A location ending in "/" is a directory: the archive goes to location + fileName. Any other
//   location is taken as the URL of the file to write (some central systems name the file).

import OCPP

/// An upload in progress.
struct DiagnosticsUpload: Sendable {
    var location: String
    var path: String
    var attemptsLeft: Int
    var retryInterval: Int
}

extension Station {
    func getDiagnostics(_ request: GetDiagnostics.Request, id: MessageId) async -> Answer {
        guard let files else { return notSupported(id, .getDiagnostics) }
        let archive: (path: String, fileName: String)
        do throws(TransferError) {
            archive = try await files.diagnostics.collect(from: request.startTime, to: request.stopTime)
        } catch {
            log("GetDiagnostics: the logs could not be collected: \(error)")
            return .payload(GetDiagnostics.Response(fileName: nil))
        }
        jobs.cancel(.diagnosticsTransfer)
        let location = request.location.value
        diagnosticsUpload = DiagnosticsUpload(
            location: location.hasSuffix("/") ? location + archive.fileName : location, path: archive.path, attemptsLeft: FirmwareService.transferAttempts(request.retries),
            retryInterval: FirmwareService.transferRetryInterval(request.retryInterval)
        )
        log("diagnostics \(archive.fileName) collected; uploading to \(TransferURL(request.location.value).redacted)")
        startTimer(.diagnosticsUpload, after: .zero)
        return .payload(GetDiagnostics.Response(fileName: CiString(truncating: archive.fileName)))
    }

    /// The timer for the next upload attempt fired.
    func startDiagnosticsUpload() {
        guard let files, let upload = diagnosticsUpload else { return }
        sendDiagnosticsStatus(.uploading)
        let log = self.log
        jobs.start(.diagnosticsTransfer) { [inputContinuation] token in
            let progressLog = ProgressLog(what: "diagnostics upload", log: log)
            let result: Result<Void, TransferError>
            do throws(TransferError) {
                try await files.transfer.upload(file: upload.path, to: upload.location) { progressLog.report($0) }
                result = .success(())
            } catch {
                result = .failure(error)
            }
            inputContinuation.yield(.job(token, .firmware(.uploadFinished(result))))
        }
    }

    func diagnosticsUploadFinished(_ result: Result<Void, TransferError>) {
        guard var upload = diagnosticsUpload else { return }
        switch result {
        case .success:
            log("diagnostics uploaded")
            diagnosticsUpload = nil
            sendDiagnosticsStatus(.uploaded)
            diagnosticsStatus = .idle
        case .failure(let error):
            upload.attemptsLeft -= 1
            log("diagnostics upload failed: \(error); \(upload.attemptsLeft) attempts left")
            guard upload.attemptsLeft > 0 else {
                diagnosticsUpload = nil
                sendDiagnosticsStatus(.uploadFailed)
                diagnosticsStatus = .idle
                return
            }
            diagnosticsUpload = upload
            startTimer(.diagnosticsUpload, after: .seconds(upload.retryInterval))
        }
    }

    private func sendDiagnosticsStatus(_ status: DiagnosticsStatusNotification.DiagnosticsStatus) {
        diagnosticsStatus = status
        enqueue(.diagnosticsStatusNotification(DiagnosticsStatusNotification.Request(status: status)))
    }
}
