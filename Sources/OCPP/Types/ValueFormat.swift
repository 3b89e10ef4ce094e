// How a sampled value is written.

/// The format of a sampled value (OCPP 1.6 ValueFormat); Raw when absent.
public enum ValueFormat: String, OCPPEnum {
    /// A decimal number in text.
    case raw = "Raw"
    /// Binary signed data, hex or base64 encoded.
    case signedData = "SignedData"
}
