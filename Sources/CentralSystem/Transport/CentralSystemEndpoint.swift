// Where and how the station connects: the CSMS URL with the station's identity in its
// `{chargePointId}` placeholder or appended, the security profile (0-3) with its credentials, and
// the WebSocket ping interval.

/// The address of the central system and the credentials of a security profile.
public struct CentralSystemEndpoint: Sendable, Equatable {
    /// OCPP 1.6 security profiles.
    public enum SecurityProfile: Int, Sendable, Codable {
        /// ws, no authentication.
        case unsecured = 0
        /// ws with HTTP Basic authentication.
        case basicAuthentication = 1
        /// wss (TLS 1.2+, server certificate verified) with HTTP Basic authentication.
        case tlsWithBasicAuthentication = 2
        /// wss with a client certificate.
        case tlsWithClientCertificate = 3
    }

    /// The CSMS URL, e.g. `ws://127.0.0.1:9000/ocpp`: the identity is appended as the last path
    /// segment. Where a CSMS routes another shape (`ws://host/ocpp/<id>/`, with a slash after the
    /// identity), the URL says where the identity goes with the `{chargePointId}` placeholder:
    /// `ws://host/ocpp/{chargePointId}/`. The placeholder belongs in the path.
    public var url: String
    /// The wss:// URL profiles 2 and 3 use when `url` is a ws:// URL (a profile raised by the
    /// central system); nil: `url` with wss:// (same host, port and path).
    public var secureURL: String?
    /// The ws:// URL the endpoint had before a raise to profile 2 or 3 switched it to wss://.
    var plainURL: String?
    /// The station's identity (percent-encoded into the URL's path).
    public var chargePointId: String
    public var securityProfile: SecurityProfile
    /// AuthorizationKey for HTTP Basic (profiles 1 and 2). A secret: never logged.
    public var authorizationKey: String?
    /// PEM file of the CA that signed the CSMS's server certificate (profiles 2 and 3); nil uses
    /// the system's trust store.
    public var caCertificateFile: String?
    /// PEM files of the station's client certificate and key (profile 3).
    public var clientCertificateFile: String?
    public var clientKeyFile: String?
    /// Seconds between WebSocket pings (WebSocketPingInterval; 0 = none).
    public var pingInterval: Duration

    /// Creates an endpoint.
    public init(
        url: String, chargePointId: String, securityProfile: SecurityProfile = .unsecured, authorizationKey: String? = nil,
        caCertificateFile: String? = nil, clientCertificateFile: String? = nil, clientKeyFile: String? = nil, pingInterval: Duration = .seconds(60),
        secureURL: String? = nil
    ) {
        self.url = url
        self.secureURL = secureURL
        self.chargePointId = chargePointId
        self.securityProfile = securityProfile
        self.authorizationKey = authorizationKey
        self.caCertificateFile = caCertificateFile
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.pingInterval = pingInterval
    }

    /// The text in `url` that stands for the identity.
    public static var chargePointIdPlaceholder: String { "{chargePointId}" }

    /// The URL connected to: `url` with the percent-encoded identity in place of the placeholder,
    /// or appended as the last path segment when there is none.
    public var connectionURL: String {
        let encoded = Self.percentEncoded(chargePointId)
        if url.contains(Self.chargePointIdPlaceholder) { return url.replacing(Self.chargePointIdPlaceholder, with: encoded) }
        return url.hasSuffix("/") ? url + encoded : url + "/" + encoded
    }

    /// The parts of the URL to connect to.
    public struct Target: Sendable, Equatable {
        public var secure: Bool
        public var host: String
        public var port: Int
        /// The request path, with the percent-encoded identity (at the placeholder, or last).
        public var path: String
    }

    /// The connection target, or an error naming what is wrong with the URL or the profile.
    public func target() throws(TransportError) -> Target {
        let secure: Bool
        let rest: Substring
        if url.hasPrefix("ws://") {
            secure = false
            rest = url.dropFirst(5)
        } else if url.hasPrefix("wss://") {
            secure = true
            rest = url.dropFirst(6)
        } else {
            throw TransportError("CSMS URL '\(url)' must start with ws:// or wss://")
        }
        switch (securityProfile, secure) {
        case (.unsecured, true), (.basicAuthentication, true):
            throw TransportError("security profile \(securityProfile.rawValue) uses ws://, not wss://")
        case (.tlsWithBasicAuthentication, false), (.tlsWithClientCertificate, false):
            throw TransportError("security profile \(securityProfile.rawValue) needs a wss:// URL")
        default:
            break
        }
        let authority = rest.prefix { $0 != "/" }
        guard !authority.contains(Self.chargePointIdPlaceholder) else {
            throw TransportError("CSMS URL '\(url)': \(Self.chargePointIdPlaceholder) belongs in the path, not the host")
        }
        var path = String(rest.dropFirst(authority.count))
        if path.contains(Self.chargePointIdPlaceholder) {
            path = path.replacing(Self.chargePointIdPlaceholder, with: Self.percentEncoded(chargePointId))
        } else {
            if !path.hasSuffix("/") { path += "/" }
            path += Self.percentEncoded(chargePointId)
        }
        let host: String
        var port = secure ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw TransportError("CSMS URL '\(url)': unterminated IPv6 address") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()) else { throw TransportError("CSMS URL '\(url)': bad port") }
                port = number
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                throw TransportError("CSMS URL '\(url)': bad port")
            }
            port = number
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw TransportError("CSMS URL '\(url)' has no host") }
        return Target(secure: secure, host: host, port: port, path: path)
    }

    /// `text` with every byte outside RFC 3986's unreserved set percent-encoded.
    public static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// The HTTP Basic credentials `chargePointId:AuthorizationKey`, base64, for profiles 1 and 2.
    var basicAuthorization: String? {
        guard securityProfile == .basicAuthentication || securityProfile == .tlsWithBasicAuthentication, let key = authorizationKey else { return nil }
        return "Basic " + Base64.encode(Array("\(chargePointId):\(key)".utf8))
    }
}

/// Standard base64 (RFC 4648) without line breaks.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], alphabet[Int(value >> 6 & 63)], alphabet[Int(value & 63)]]
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let value = UInt32(bytes[index]) << 16
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], alphabet[Int(value >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
