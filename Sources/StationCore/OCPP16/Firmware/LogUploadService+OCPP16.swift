// The 1.6 Security extension's side of the log upload: GetLog's request taken apart for the
// version-neutral LogUploadService, and its steps as 1.6 LogStatusNotification statuses.

import OCPP

extension LogUploadService {
    /// GetLog, once the log `fileName` was collected at `path`: upload it. Returns whether an
    /// earlier upload was cancelled for it, and the actions.
    mutating func collected(path: String, fileName: String, for request: GetLog.Request) -> (canceled: Bool, actions: [Action]) {
        let (canceled, actions) = collected(
            path: path, fileName: fileName, logName: request.logType.rawValue, requestId: request.requestId,
            remoteLocation: request.log.remoteLocation.value, retries: request.retries, retryInterval: request.retryInterval
        )
        return (canceled != nil, actions)
    }

    /// What a triggered LogStatusNotification reports: Uploading with the request's id while an
    /// upload runs, otherwise Idle without one.
    var triggeredStatus: LogStatusNotification.Request {
        guard let requestId = uploadingRequestId else { return LogStatusNotification.Request(status: .idle) }
        return LogStatusNotification.Request(status: .uploading, requestId: requestId)
    }
}

extension LogUploadService.Step {
    /// The 1.6 status of the step. The 1.6 station reports every failed upload UploadFailure, as
    /// it always has; only 2.0.1 reports the kinds of failure apart.
    var ocpp16: LogStatusNotification.UploadLogStatus {
        switch self {
        case .uploading: .uploading
        case .uploaded: .uploaded
        case .uploadFailure, .permissionDenied, .notSupportedOperation: .uploadFailure
        }
    }
}
