// TriggerMessage (Remote Trigger, central system → charge point): ask the station to send one of
// its messages now.

/// The TriggerMessage action.
public enum TriggerMessage {
    /// The messages that can be triggered (OCPP 1.6 MessageTrigger).
    public enum MessageTrigger: String, OCPPEnum {
        case bootNotification = "BootNotification"
        case diagnosticsStatusNotification = "DiagnosticsStatusNotification"
        case firmwareStatusNotification = "FirmwareStatusNotification"
        case heartbeat = "Heartbeat"
        case meterValues = "MeterValues"
        case statusNotification = "StatusNotification"
    }

    /// The message to send.
    public struct Request: OCPPRequest {
        public typealias Response = TriggerMessage.Response
        public static var action: Action { .triggerMessage }

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
