// StopTransaction (Core, charge point → central system): report that a transaction has ended,
// with its final meter reading and optionally its meter data.

/// The StopTransaction action.
public enum StopTransaction {
    /// The transaction that ended.
    public struct Request: OCPPRequest {
        public typealias Response = StopTransaction.Response
        public static var action: Action { .stopTransaction }

        /// The identifier that stopped the transaction, if one did.
        public var idTag: IdToken?
        /// The meter value at the end, in Wh.
        public var meterStop: Int
        /// When the transaction ended.
        public var timestamp: Timestamp
        /// The transaction, as given in StartTransaction's response.
        public var transactionId: Int
        /// Why the transaction ended; absent means `local`.
        public var reason: Reason?
        /// Meter readings taken during the transaction (unit Hertz not allowed).
        public var transactionData: [MeterValue]?

        /// Creates the request.
        public init(
            idTag: IdToken? = nil, meterStop: Int, timestamp: Timestamp, transactionId: Int, reason: Reason? = nil,
            transactionData: [MeterValue]? = nil
        ) {
            self.idTag = idTag
            self.meterStop = meterStop
            self.timestamp = timestamp
            self.transactionId = transactionId
            self.reason = reason
            self.transactionData = transactionData
        }

        private enum CodingKeys: String, CodingKey {
            case idTag, meterStop, timestamp, transactionId, reason, transactionData
        }

        /// Decodes and rejects a sampled value of `transactionData` whose unit is Hertz: the
        /// official StopTransaction schema's unit enumeration lacks it (MeterValues allows it).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            idTag = try container.decodeIfPresent(IdToken.self, forKey: .idTag)
            meterStop = try container.decode(Int.self, forKey: .meterStop)
            timestamp = try container.decode(Timestamp.self, forKey: .timestamp)
            transactionId = try container.decode(Int.self, forKey: .transactionId)
            reason = try container.decodeIfPresent(Reason.self, forKey: .reason)
            transactionData = try container.decodeIfPresent([MeterValue].self, forKey: .transactionData)
            for (i, meterValue) in (transactionData ?? []).enumerated() {
                for (j, sampledValue) in meterValue.sampledValue.enumerated() where sampledValue.unit == .hertz {
                    throw PayloadError(
                        .notAllowed(value: "Hertz", allowed: UnitOfMeasure.allCases.filter { $0 != .hertz }.map(\.rawValue)),
                        path: "transactionData[\(i)].sampledValue[\(j)].unit"
                    )
                }
            }
        }
    }

    /// The verdict on the identifier that stopped the transaction, if one was given.
    public struct Response: OCPPPayload {
        public var idTagInfo: IdTagInfo?

        /// Creates the response.
        public init(idTagInfo: IdTagInfo? = nil) {
            self.idTagInfo = idTagInfo
        }
    }
}
