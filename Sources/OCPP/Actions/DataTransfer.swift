// DataTransfer (Core, either direction): vendor-specific data that the specification does not
// define.

/// The DataTransfer action.
public enum DataTransfer {
    /// What the receiver made of the data (OCPP 1.6 DataTransferStatus).
    public enum DataTransferStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
        /// The vendor is known but the message is not.
        case unknownMessageId = "UnknownMessageId"
        /// The vendor is not known.
        case unknownVendorId = "UnknownVendorId"
    }

    /// The vendor's message.
    public struct Request: OCPPRequest {
        public typealias Response = DataTransfer.Response
        public static var action: Action { .dataTransfer }

        /// Identifies the vendor (typically a reversed DNS name).
        public var vendorId: CiString<255>
        /// Identifies the vendor's message.
        public var messageId: CiString<50>?
        /// The data, in a format agreed with the vendor (unbounded text).
        public var data: String?

        /// Creates the request.
        public init(vendorId: CiString<255>, messageId: CiString<50>? = nil, data: String? = nil) {
            self.vendorId = vendorId
            self.messageId = messageId
            self.data = data
        }
    }

    /// The receiver's answer, with data of its own if any.
    public struct Response: OCPPPayload {
        public var status: DataTransferStatus
        /// The answer's data (unbounded text).
        public var data: String?

        /// Creates the response.
        public init(status: DataTransferStatus, data: String? = nil) {
            self.status = status
            self.data = data
        }
    }
}
