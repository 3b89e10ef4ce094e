// MeterValues (Core, charge point → central system): sampled, clock-aligned or triggered readings
// of a connector, within a transaction or outside one.

/// The MeterValues action.
public enum MeterValues {
    /// Readings of one connector.
    public struct Request: OCPPRequest {
        public typealias Response = MeterValues.Response
        public static var action: Action { .meterValues }

        /// The connector (0 for the main meter of the charge point).
        public var connectorId: Int
        /// The transaction the readings belong to, if any.
        public var transactionId: Int?
        /// The readings (at least one, each with at least one sampled value).
        public var meterValue: [MeterValue]

        /// Creates the request.
        public init(connectorId: Int, transactionId: Int? = nil, meterValue: [MeterValue]) {
            self.connectorId = connectorId
            self.transactionId = transactionId
            self.meterValue = meterValue
        }

        private enum CodingKeys: String, CodingKey {
            case connectorId, transactionId, meterValue
        }

        private enum MeterValueKeys: String, CodingKey {
            case timestamp, sampledValue
        }

        /// Decodes and checks the schema's `minItems: 1` on `meterValue` and on each
        /// `sampledValue`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            connectorId = try container.decode(Int.self, forKey: .connectorId)
            transactionId = try container.decodeIfPresent(Int.self, forKey: .transactionId)
            meterValue = try container.decode([MeterValue].self, forKey: .meterValue, minimumCount: 1)
            for (index, value) in meterValue.enumerated() where value.sampledValue.isEmpty {
                throw PayloadError(
                    .tooFewItems(minimum: 1, found: 0),
                    path: "meterValue[\(index)].sampledValue"
                )
            }
        }
    }

    /// The central system's acknowledgement (empty).
    public struct Response: OCPPPayload {
        /// Creates the response.
        public init() {}
    }
}
