// GetDiagnostics (Firmware Management, central system → charge point): upload a diagnostics
// file to a given location.

/// The GetDiagnostics action.
public enum GetDiagnostics {
    /// Where to upload and which period to cover.
    public struct Request: OCPPRequest {
        public typealias Response = GetDiagnostics.Response
        public static var action: Action { .getDiagnostics }

        /// The directory URI to upload the diagnostics file to.
        public var location: URIString
        /// How many times to retry a failed upload; absent: the charge point decides.
        public var retries: Int?
        /// Seconds between retries; absent: the charge point decides.
        public var retryInterval: Int?
        /// The oldest moment the diagnostics should cover.
        public var startTime: Timestamp?
        /// The latest moment the diagnostics should cover.
        public var stopTime: Timestamp?

        /// Creates the request.
        public init(
            location: URIString, retries: Int? = nil, retryInterval: Int? = nil, startTime: Timestamp? = nil,
            stopTime: Timestamp? = nil
        ) {
            self.location = location
            self.retries = retries
            self.retryInterval = retryInterval
            self.startTime = startTime
            self.stopTime = stopTime
        }
    }

    /// The name of the file that will be uploaded, if any.
    public struct Response: OCPPPayload {
        /// The file name; absent when there are no diagnostics.
        public var fileName: CiString<255>?

        /// Creates the response.
        public init(fileName: CiString<255>? = nil) {
            self.fileName = fileName
        }
    }
}
