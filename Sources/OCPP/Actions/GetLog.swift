// GetLog (Security extension, central system → charge point): upload a diagnostics or security
// log to a URL; progress is reported with LogStatusNotification.

/// The GetLog action.
public enum GetLog {
    /// Which log to upload (security extension LogEnumType).
    public enum LogType: String, OCPPEnum {
        case diagnosticsLog = "DiagnosticsLog"
        case securityLog = "SecurityLog"
    }

    /// Where to upload and which time span to include (security extension LogParametersType).
    public struct LogParameters: OCPPPayload, Hashable {
        /// The URL to upload the log to.
        public var remoteLocation: BoundedString<512>
        /// Include entries from this instant on; absent: from the oldest.
        public var oldestTimestamp: Timestamp?
        /// Include entries up to this instant; absent: up to the latest.
        public var latestTimestamp: Timestamp?

        /// Creates the parameters.
        public init(remoteLocation: BoundedString<512>, oldestTimestamp: Timestamp? = nil, latestTimestamp: Timestamp? = nil) {
            self.remoteLocation = remoteLocation
            self.oldestTimestamp = oldestTimestamp
            self.latestTimestamp = latestTimestamp
        }
    }

    /// The log to upload.
    public struct Request: OCPPRequest {
        public typealias Response = GetLog.Response
        public static var action: Action { .getLog }

        public var log: LogParameters
        public var logType: LogType
        /// The id that LogStatusNotification requests carry.
        public var requestId: Int
        /// How many times to retry a failed upload; absent: the station decides.
        public var retries: Int?
        /// Seconds between retries; absent: the station decides.
        public var retryInterval: Int?

        /// Creates the request.
        public init(log: LogParameters, logType: LogType, requestId: Int, retries: Int? = nil, retryInterval: Int? = nil) {
            self.log = log
            self.logType = logType
            self.requestId = requestId
            self.retries = retries
            self.retryInterval = retryInterval
        }
    }

    /// Whether the station will upload (security extension LogStatusEnumType).
    public enum LogStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
        /// Accepted, and an upload in progress was cancelled for it.
        case acceptedCanceled = "AcceptedCanceled"
    }

    /// The station's answer.
    public struct Response: OCPPPayload {
        public var status: LogStatus
        /// The name of the file that will be uploaded; absent when there is no log.
        public var filename: BoundedString<255>?

        /// Creates the response.
        public init(status: LogStatus, filename: BoundedString<255>? = nil) {
            self.status = status
            self.filename = filename
        }
    }
}
