// GetConfiguration (Core, central system → charge point): read the values of configuration
// keys, all of them or those named.

/// The GetConfiguration action.
public enum GetConfiguration {
    /// One configuration key with its value (OCPP 1.6 KeyValue).
    public struct KeyValue: OCPPPayload, Hashable {
        /// The key's name.
        public var key: CiString<50>
        /// Whether the central system cannot change the key.
        public var readonly: Bool
        /// The value; absent when the key has no value set.
        public var value: CiString<500>?

        /// Creates the key-value pair.
        public init(key: CiString<50>, readonly: Bool, value: CiString<500>? = nil) {
            self.key = key
            self.readonly = readonly
            self.value = value
        }
    }

    /// The keys to read.
    public struct Request: OCPPRequest {
        public typealias Response = GetConfiguration.Response
        public static var action: Action { .getConfiguration }

        /// The keys to read; absent (or empty): every key.
        public var key: [CiString<50>]?

        /// Creates the request.
        public init(key: [CiString<50>]? = nil) {
            self.key = key
        }
    }

    /// The known keys with their values, and the requested keys that are not known.
    public struct Response: OCPPPayload {
        /// The known keys requested (or all keys).
        public var configurationKey: [KeyValue]?
        /// The requested keys the charge point does not know.
        public var unknownKey: [CiString<50>]?

        /// Creates the response.
        public init(configurationKey: [KeyValue]? = nil, unknownKey: [CiString<50>]? = nil) {
            self.configurationKey = configurationKey
            self.unknownKey = unknownKey
        }
    }
}
