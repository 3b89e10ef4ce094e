// SignedFirmwareStatusNotification (Security extension, charge point → central system): the
// progress of a firmware update requested with SignedUpdateFirmware.

/// The SignedFirmwareStatusNotification action.
public enum SignedFirmwareStatusNotification {
    /// The state of a signed firmware update (security extension FirmwareStatusEnumType).
    public enum FirmwareStatus: String, OCPPEnum {
        case downloaded = "Downloaded"
        case downloadFailed = "DownloadFailed"
        case downloading = "Downloading"
        /// Waiting for the retrieve date.
        case downloadScheduled = "DownloadScheduled"
        case downloadPaused = "DownloadPaused"
        /// No update in progress (answer to a trigger).
        case idle = "Idle"
        case installationFailed = "InstallationFailed"
        case installing = "Installing"
        case installed = "Installed"
        /// About to reboot to activate the firmware.
        case installRebooting = "InstallRebooting"
        /// Waiting for the install date.
        case installScheduled = "InstallScheduled"
        /// The firmware does not match its hash or fails to verify.
        case installVerificationFailed = "InstallVerificationFailed"
        /// The firmware's signature is invalid.
        case invalidSignature = "InvalidSignature"
        case signatureVerified = "SignatureVerified"
    }

    /// The update's state.
    public struct Request: OCPPRequest {
        public typealias Response = SignedFirmwareStatusNotification.Response
        public static var action: Action { .signedFirmwareStatusNotification }

        public var status: FirmwareStatus
        /// The SignedUpdateFirmware request's id; absent only when the status is Idle.
        public var requestId: Int?

        /// Creates the request.
        public init(status: FirmwareStatus, requestId: Int? = nil) {
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
