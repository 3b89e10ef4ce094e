// ExtendedTriggerMessage (Security extension, central system → charge point): TriggerMessage with
// the security extension's messages (LogStatusNotification, SignCertificate) added.

/// The ExtendedTriggerMessage action.
public enum ExtendedTriggerMessage {
    /// The messages that can be triggered (security extension MessageTriggerEnumType).
    public enum MessageTrigger: String, OCPPEnum {
        case bootNotification = "BootNotification"
        case logStatusNotification = "LogStatusNotification"
        /// Answered with a SignedFirmwareStatusNotification when the last update was signed.
        case firmwareStatusNotification = "FirmwareStatusNotification"
        case heartbeat = "Heartbeat"
        case meterValues = "MeterValues"
        /// Start the certificate renewal: the station sends a SignCertificate request.
        case signChargePointCertificate = "SignChargePointCertificate"
        case statusNotification = "StatusNotification"
    }

    /// The message to send.
    public struct Request: OCPPRequest {
        public typealias Response = ExtendedTriggerMessage.Response
        public static var action: Action { .extendedTriggerMessage }

        public var requestedMessage: MessageTrigger
        /// The connector the message is about (MeterValues, StatusNotification); absent: all.
        public var connectorId: Int?

        /// Creates the request.
        public init(requestedMessage: MessageTrigger, connectorId: Int? = nil) {
            self.requestedMessage = requestedMessage
            self.connectorId = connectorId
        }
    }

    /// Whether the station will send the message.
    public struct Response: OCPPPayload {
        public var status: TriggerMessageStatus

        /// Creates the response.
        public init(status: TriggerMessageStatus) {
            self.status = status
        }
    }
}
