// The answer to TriggerMessage and ExtendedTriggerMessage.

/// Whether a triggered message will be sent (OCPP 1.6 TriggerMessageStatus).
public enum TriggerMessageStatus: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case notImplemented = "NotImplemented"
}
