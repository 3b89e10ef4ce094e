// Which OCPP version a station speaks: `csms.ocppVersion` in the configuration file, overridden
// by `--ocpp-version` on the command line; 1.6 when neither says.

public import StationLinux

/// The OCPP version of the link and the station behind it.
public enum OCPPVersion: String, Sendable, CaseIterable {
    /// OCPP 1.6J (edition 2), subprotocol `ocpp1.6`.
    case v16 = "1.6"
    /// OCPP 2.0.1, subprotocol `ocpp2.0.1`.
    case v201 = "2.0.1"

    /// The WebSocket subprotocol offered and required.
    public var subprotocol: String {
        switch self {
        case .v16: "ocpp1.6"
        case .v201: "ocpp2.0.1"
        }
    }
}

extension StationConfiguration {
    /// The version: `override` (the command line's) if given, else `csms.ocppVersion`, else 1.6.
    /// Throws naming the key when the value is neither `1.6` nor `2.0.1`.
    public func ocppVersion(override: String? = nil) throws(ConfigurationFileError) -> OCPPVersion {
        let text = override ?? csms.ocppVersion ?? OCPPVersion.v16.rawValue
        guard let version = OCPPVersion(rawValue: text) else {
            let expected = OCPPVersion.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            throw ConfigurationFileError(path: override == nil ? path : "command line", key: override == nil ? "csms.ocppVersion" : "--ocpp-version", problem: "'\(text)': expected \(expected)")
        }
        return version
    }
}
