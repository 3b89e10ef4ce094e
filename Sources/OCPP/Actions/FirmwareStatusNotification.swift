// FirmwareStatusNotification (Firmware Management, charge point → central system): report the
// progress of a firmware update asked for by UpdateFirmware.

/// The FirmwareStatusNotification action.
public enum FirmwareStatusNotification {
    /// The state of the firmware update (OCPP 1.6 FirmwareStatus).
    public enum FirmwareStatus: String, OCPPEnum {
        case downloaded = "Downloaded"
        case downloadFailed = "DownloadFailed"
        case downloading = "Downloading"
        /// No update in progress (only in answer to a TriggerMessage).
        case idle = "Idle"
        case installationFailed = "InstallationFailed"
        case installing = "Installing"
        case installed = "Installed"
    }

    /// The update's state.
    public struct Request: OCPPRequest {
        public typealias Response = FirmwareStatusNotification.Response
        public static var action: Action { .firmwareStatusNotification }

        public var status: FirmwareStatus

        /// Creates the request.
        public init(status: FirmwareStatus) {
            self.status = status
        }
    }

    /// The central system's acknowledgement (empty).
    public struct Response: OCPPPayload {
        /// Creates the response.
        public init() {}
    }
}
