// Routing of Firmware Management, diagnostics side: GetDiagnostics collects the logs through the
// diagnostics port before answering; the DiagnosticsService decides the upload's attempts and the
// station performs them as jobs.

import OCPP

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
        perform(diagnostics.collected(path: archive.path, fileName: archive.fileName, for: request))
        return .payload(GetDiagnostics.Response(fileName: CiString(truncating: archive.fileName)))
    }

    /// An upload job reported back.
    func diagnosticsUploadFinished(_ result: Result<Void, TransferError>) {
        perform(diagnostics.uploadFinished(result))
    }

    /// Performs the DiagnosticsService's actions in order.
    func perform(_ actions: [DiagnosticsService.Action]) {
        for action in actions {
            switch action {
            case .cancelUpload: jobs.cancel(.diagnosticsTransfer)
            case .scheduleAttempt(let seconds): startTimer(.diagnosticsUpload, after: .seconds(seconds))
            case .notify(let status): enqueue(.diagnosticsStatusNotification(DiagnosticsStatusNotification.Request(status: status)))
            case .log(let line): log(line)
            case .upload(let path, let location):
                guard let transfer = files?.transfer else { continue }
                startTransfer(.diagnosticsTransfer, what: "diagnostics upload", report: FirmwareEvent.uploadFinished) { progress throws(TransferError) in
                    try await transfer.upload(file: path, to: location, progress: progress)
                }
            }
        }
    }
}
