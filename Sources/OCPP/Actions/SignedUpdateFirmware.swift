// SignedUpdateFirmware (Security extension, central system → charge point): download, verify and
// install a signed firmware image; progress is reported with SignedFirmwareStatusNotification.

/// The SignedUpdateFirmware action.
public enum SignedUpdateFirmware {
    /// The firmware image and how to verify it (security extension FirmwareType).
    public struct Firmware: OCPPPayload, Hashable {
        /// The URL to download the image from.
        public var location: BoundedString<512>
        /// When to start the download (now, if in the past).
        public var retrieveDateTime: Timestamp
        /// When to install; absent: as soon as downloaded and verified.
        public var installDateTime: Timestamp?
        /// The PEM-encoded certificate whose key signed the image.
        public var signingCertificate: BoundedString<5500>
        /// The base64-encoded signature of the image.
        public var signature: BoundedString<800>

        /// Creates the firmware description.
        public init(
            location: BoundedString<512>, retrieveDateTime: Timestamp, installDateTime: Timestamp? = nil,
            signingCertificate: BoundedString<5500>, signature: BoundedString<800>
        ) {
            self.location = location
            self.retrieveDateTime = retrieveDateTime
            self.installDateTime = installDateTime
            self.signingCertificate = signingCertificate
            self.signature = signature
        }
    }

    /// The update to perform.
    public struct Request: OCPPRequest {
        public typealias Response = SignedUpdateFirmware.Response
        public static var action: Action { .signedUpdateFirmware }

        /// How many times to retry a failed download; absent: the station decides.
        public var retries: Int?
        /// Seconds between retries; absent: the station decides.
        public var retryInterval: Int?
        /// The id that SignedFirmwareStatusNotification requests carry.
        public var requestId: Int
        public var firmware: Firmware

        /// Creates the request.
        public init(retries: Int? = nil, retryInterval: Int? = nil, requestId: Int, firmware: Firmware) {
            self.retries = retries
            self.retryInterval = retryInterval
            self.requestId = requestId
            self.firmware = firmware
        }
    }

    /// Whether the station will perform the update (security extension UpdateFirmwareStatusEnumType).
    public enum UpdateFirmwareStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
        /// Accepted, and an update in progress was cancelled for it.
        case acceptedCanceled = "AcceptedCanceled"
        /// The signing certificate is invalid.
        case invalidCertificate = "InvalidCertificate"
        /// The signing certificate has been revoked.
        case revokedCertificate = "RevokedCertificate"
    }

    /// The station's answer.
    public struct Response: OCPPPayload {
        public var status: UpdateFirmwareStatus

        /// Creates the response.
        public init(status: UpdateFirmwareStatus) {
            self.status = status
        }
    }
}
