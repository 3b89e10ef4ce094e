// LogStatusNotification (Security extension, charge point → central system): the progress of a
// log upload requested with GetLog.

/// The LogStatusNotification action.
public enum LogStatusNotification {
    /// The state of a log upload (security extension UploadLogStatusEnumType).
    public enum UploadLogStatus: String, OCPPEnum {
        /// The upload location's server rejected the request.
        case badMessage = "BadMessage"
        /// No upload in progress (answer to a trigger).
        case idle = "Idle"
        /// The server does not support the operation.
        case notSupportedOperation = "NotSupportedOperation"
        /// The server refused the credentials.
        case permissionDenied = "PermissionDenied"
        case uploaded = "Uploaded"
        case uploadFailure = "UploadFailure"
        case uploading = "Uploading"
    }

    /// The upload's state.
    public struct Request: OCPPRequest {
        public typealias Response = LogStatusNotification.Response
        public static var action: Action { .logStatusNotification }

        public var status: UploadLogStatus
        /// The GetLog request's id; absent only when the status is Idle.
        public var requestId: Int?

        /// Creates the request.
        public init(status: UploadLogStatus, requestId: Int? = nil) {
            self.status = status
            self.requestId = requestId
        }
    }

    /// The central system's acknowledgement (empty).
    public struct Response: OCPPPayload {
        /// Creates the response.
        public init() {}
    }
}
