// DiagnosticsStatusNotification (Firmware Management, charge point → central system): report
// the progress of a diagnostics upload asked for by GetDiagnostics.

/// The DiagnosticsStatusNotification action.
public enum DiagnosticsStatusNotification {
    /// The state of the diagnostics upload (OCPP 1.6 DiagnosticsStatus).
    public enum DiagnosticsStatus: String, OCPPEnum {
        /// No upload in progress (only in answer to a TriggerMessage).
        case idle = "Idle"
        case uploaded = "Uploaded"
        case uploadFailed = "UploadFailed"
        case uploading = "Uploading"
    }

    /// The upload's state.
    public struct Request: OCPPRequest {
        public typealias Response = DiagnosticsStatusNotification.Response
        public static var action: Action { .diagnosticsStatusNotification }

        public var status: DiagnosticsStatus

        /// Creates the request.
        public init(status: DiagnosticsStatus) {
            self.status = status
        }
    }

    /// The central system's acknowledgement (empty).
    public struct Response: OCPPPayload {
        /// Creates the response.
        public init() {}
    }
}
