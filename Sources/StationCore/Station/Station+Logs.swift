// Routing of GetLog (Security extension): the diagnostics log is collected as for GetDiagnostics,
// the security log from the store's security log; the LogUploadService decides the upload's
// attempts and the station performs them as jobs, reporting LogStatusNotification.

import OCPP

extension Station {
    /// GetLog: collects the asked log between oldestTimestamp and latestTimestamp before answering
    /// (Accepted with the file name, AcceptedCanceled when an earlier upload was cancelled for it,
    /// Rejected when the log could not be collected), then uploads it.
    func getLog(_ request: GetLog.Request, id: MessageId) async -> Answer {
        guard let files else { return notSupported(id, .getLog) }
        let (oldest, latest) = (request.log.oldestTimestamp, request.log.latestTimestamp)
        let archive: (path: String, fileName: String)
        do throws(TransferError) {
            switch request.logType {
            case .diagnosticsLog:
                archive = try await files.diagnostics.collect(from: oldest, to: latest)
            case .securityLog:
                archive = try await files.diagnostics.collect(log: "security", lines: securityLog(from: oldest, to: latest).map(\.logLine))
            }
        } catch {
            log("GetLog: the \(request.logType.rawValue) could not be collected: \(error)")
            return .payload(GetLog.Response(status: .rejected))
        }
        let (canceled, actions) = logUpload.collected(path: archive.path, fileName: archive.fileName, for: request)
        perform(actions)
        return .payload(GetLog.Response(status: canceled ? .acceptedCanceled : .accepted, filename: try? BoundedString(archive.fileName)))
    }

    /// An upload job reported back.
    func logUploadFinished(_ result: Result<Void, TransferError>) {
        perform(logUpload.uploadFinished(result))
    }

    /// Performs the LogUploadService's actions in order.
    func perform(_ actions: [LogUploadService.Action]) {
        for action in actions {
            switch action {
            case .cancelUpload: jobs.cancel(.logTransfer)
            case .scheduleAttempt(let seconds): startTimer(.logUpload, after: .seconds(seconds))
            case .notify(let status, let requestId):
                enqueue(.logStatusNotification(LogStatusNotification.Request(status: status.ocpp16, requestId: requestId)))
            case .log(let line): log(line)
            case .upload(let path, let location):
                guard let transfer = files?.transfer else { continue }
                startTransfer(.logTransfer, what: "log upload", report: FirmwareEvent.logUploadFinished) { progress throws(TransferError) in
                    try await transfer.upload(file: path, to: location, progress: progress)
                }
            }
        }
    }
}
