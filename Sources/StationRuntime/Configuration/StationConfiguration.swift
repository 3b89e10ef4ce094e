// The station configuration file (YAML): identity, central system and security profile,
// hardware board and device backends, control API address, and OCPP configuration key defaults.
// A bad file stops start-up with one message naming the file, the key and what was expected.

public import CentralSystem
import FoundationEssentials
import OCPP
public import StationCore
public import StationLinux

/// A station configuration, as read from its YAML file.
public struct StationConfiguration: Sendable, Decodable {
    /// The station's identity.
    public struct Station: Sendable, Decodable {
        public var chargePointId: String
        public var vendor: String
        public var model: String
        public var serialNumber: String?
        public var chargeBoxSerialNumber: String?
        public var firmwareVersion: String?
        public var meterType: String?
        public var meterSerialNumber: String?
    }

    /// The central system and how to reach it.
    public struct CSMS: Sendable, Decodable {
        public var url: String
        /// The wss:// URL used once the central system raises SecurityProfile to 2 or 3 while
        /// `url` is ws:// (absent: `url` with wss://, same host, port and path).
        public var secureUrl: String?
        public var securityProfile: Int?
        public var authorizationKey: String?
        public var caCertificate: String?
        public var clientCertificate: String?
        public var clientKey: String?
        public var responseTimeoutSeconds: Int?
        public var reconnectInitialSeconds: Int?
        public var reconnectMaximumSeconds: Int?
        public var queueLimit: Int?
        /// "1.6" (the default) or "2.0.1".
        public var ocppVersion: String?
    }

    /// The hardware: a board file and, per device, `simulated` or `hardware`.
    public struct Hardware: Sendable, Decodable {
        public var board: String
        /// `simulated` (everything), `hardware` (everything), or a map per device.
        public var devices: DeviceChoice?
    }

    /// `simulated`, `hardware`, or a per-device map.
    public enum DeviceChoice: Sendable, Decodable {
        case all(DeviceBackend)
        case each(DeviceBackends)

        public init(from decoder: any Decoder) throws {
            if let single = try? decoder.singleValueContainer().decode(DeviceBackend.self) {
                self = .all(single)
            } else {
                self = .each(try DeviceBackends(from: decoder))
            }
        }

        /// The backend of every device.
        public var backends: DeviceBackends {
            switch self {
            case .all(.simulated): .allSimulated
            case .all(.hardware): .allHardware
            case .each(let backends): backends
            }
        }
    }

    /// Firmware Management: how images are installed and how HTTPS servers are trusted.
    public struct Firmware: Sendable, Decodable {
        /// `simulated` (any image is accepted and its version recorded) or `command`.
        public var installer: String?
        /// Simulated installer: the first installation after the process starts fails (the
        /// control API's `POST /api/firmware/next-installation` sets the same switch).
        public var failNextInstallation: Bool?
        /// The install command with `{image}` for the image's path (installer `command`).
        public var command: [String]?
        /// The file holding the installed version (installer `command`).
        public var versionFile: String?
        /// A CA certificate file trusted for HTTPS transfers instead of the system's.
        public var caCertificate: String?
    }

    /// The electrical supply that converts charging limits between A and W.
    public struct Supply: Sendable, Decodable {
        public var nominalVoltage: Double?
        public var phases: Int?
    }

    /// The control API.
    public struct Control: Sendable, Decodable {
        /// `HOST:PORT`; loopback unless configured otherwise.
        public var listen: String?
        /// The token every route but `/metrics` asks for (`Authorization: Bearer TOKEN`); needed
        /// when `listen` is not loopback (see ``ControlAccess``).
        public var token: String?
    }

    public var station: Station
    public var csms: CSMS
    public var hardware: Hardware
    public var control: Control?
    public var firmware: Firmware?
    public var supply: Supply?
    /// OCPP configuration key defaults (values as YAML scalars).
    public var ocpp: [String: String]?
    /// DataTransfer vendor ids and their message ids.
    public var dataTransferVendors: [String: [String]]?

    /// The file it was read from.
    public private(set) var path: String = ""

    private enum CodingKeys: String, CodingKey {
        case station, csms, hardware, control, ocpp, dataTransferVendors, firmware, supply
    }

    /// Reads and checks the file at `path`: every value is checked here, so that `station run`
    /// either starts or says exactly what to fix.
    public static func load(path: String) throws(ConfigurationFileError) -> StationConfiguration {
        var configuration = try ConfigurationFileError.decodeYAML(StationConfiguration.self, path: path)
        configuration.path = path
        try configuration.validate()
        return configuration
    }

    func fail(_ key: String, _ problem: String) -> ConfigurationFileError {
        ConfigurationFileError(path: path, key: key, problem: problem)
    }

    private func validate() throws(ConfigurationFileError) {
        guard !station.chargePointId.isEmpty, station.chargePointId.utf8.count <= 48 else {
            throw fail("station.chargePointId", "'\(station.chargePointId)': expected 1 to 48 characters")
        }
        _ = try settings()
        _ = try endpoint()
        _ = try ocppVersion()
        if let listen = control?.listen { _ = try Self.hostAndPort(listen, key: "control.listen", configuration: self) }
        switch firmware?.installer ?? "simulated" {
        case "simulated": break
        case "command":
            guard let command = firmware?.command, !command.isEmpty, command.contains(where: { $0.contains("{image}") }) else {
                throw fail("firmware.command", "expected the install command as a list, with {image} where the image's path goes")
            }
            guard firmware?.versionFile != nil else { throw fail("firmware.versionFile", "missing; the installed version is read from it") }
            guard firmware?.failNextInstallation == nil else {
                throw fail("firmware.failNextInstallation", "only the simulated installer can be told to fail")
            }
        case let other:
            throw fail("firmware.installer", "'\(other)': expected simulated or command")
        }
    }

    /// The directory of the file, for resolving relative paths.
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    /// `relative` resolved against the configuration file's directory.
    public func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : directory + "/" + relative
    }

    /// The station settings: identity and OCPP key defaults (the MAXERO-200QC values, overlaid
    /// with the file's `ocpp` section).
    public func settings() throws(ConfigurationFileError) -> StationSettings {
        func text<let N: Int>(_ value: String?, _ key: String) throws(ConfigurationFileError) -> CiString<N>? {
            guard let value else { return nil }
            do {
                return try CiString<N>(value)
            } catch {
                throw fail(key, "'\(value)' is longer than \(N) characters")
            }
        }
        guard let vendor: CiString<20> = try text(station.vendor, "station.vendor"),
              let model: CiString<20> = try text(station.model, "station.model")
        else { throw fail("station", "vendor and model are required") }
        let identity = BootNotification.Request(
            chargePointVendor: vendor, chargePointModel: model,
            chargePointSerialNumber: try text(station.serialNumber, "station.serialNumber"),
            chargeBoxSerialNumber: try text(station.chargeBoxSerialNumber, "station.chargeBoxSerialNumber"),
            firmwareVersion: try text(station.firmwareVersion, "station.firmwareVersion"),
            meterType: try text(station.meterType, "station.meterType"),
            meterSerialNumber: try text(station.meterSerialNumber, "station.meterSerialNumber")
        )
        var defaults = StationSettings.maxeroDefaults
        // The security keys start from the csms section; the central system may change them. Their
        // ranges are the keys' own (ConfigurationKey), checked with the others below.
        defaults[.securityProfile] = String(csms.securityProfile ?? 0)
        if let key = csms.authorizationKey { defaults[.authorizationKey] = key }
        for (name, value) in ocpp ?? [:] {
            guard let key = ConfigurationKey(caseInsensitive: name), key != .securityProfile, key != .authorizationKey else {
                throw fail("ocpp.\(name)", "is not a configuration key this station knows; expected one of \(ConfigurationKey.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            defaults[key] = value
        }
        do {
            _ = try Configuration(defaults: defaults, supportedMeasurands: MeterSampling.dcMeasurands)
        } catch {
            switch error.key {
            case .securityProfile: throw fail("csms.securityProfile", "\(error.value): expected \(error.expected)")
            case .authorizationKey: throw fail("csms.authorizationKey", "expected \(error.expected) (the value is not shown)")
            default: throw fail("ocpp.\(error.key.rawValue)", "'\(error.value)': expected \(error.expected)")
            }
        }
        let voltage = supply?.nominalVoltage ?? 230
        let phases = supply?.phases ?? 3
        guard voltage > 0 else { throw fail("supply.nominalVoltage", "\(voltage): expected a voltage above 0") }
        guard (1...3).contains(phases) else { throw fail("supply.phases", "\(phases): expected 1, 2 or 3") }
        return StationSettings(
            identity: identity, configurationDefaults: defaults,
            dataTransferVendors: (dataTransferVendors ?? [:]).mapValues(Set.init),
            supply: ElectricalSupply(nominalVoltageV: voltage, phases: phases)
        )
    }

    /// The central-system endpoint, after `--csms` and `--id` overrides.
    public func endpoint(url: String? = nil, chargePointId: String? = nil, pingInterval: Duration = .seconds(60)) throws(ConfigurationFileError) -> CentralSystemEndpoint {
        guard let profile = CentralSystemEndpoint.SecurityProfile(rawValue: csms.securityProfile ?? 0) else {
            throw fail("csms.securityProfile", "\(csms.securityProfile ?? 0): expected 0, 1, 2 or 3")
        }
        let endpoint = CentralSystemEndpoint(
            url: url ?? csms.url, chargePointId: chargePointId ?? station.chargePointId, securityProfile: profile,
            authorizationKey: csms.authorizationKey, caCertificateFile: csms.caCertificate.map(resolve),
            clientCertificateFile: csms.clientCertificate.map(resolve), clientKeyFile: csms.clientKey.map(resolve), pingInterval: pingInterval,
            secureURL: csms.secureUrl
        )
        do {
            _ = try endpoint.target()
        } catch {
            throw fail("csms.url", error.description)
        }
        if (profile == .basicAuthentication || profile == .tlsWithBasicAuthentication), endpoint.authorizationKey == nil {
            throw fail("csms.authorizationKey", "missing; security profile \(profile.rawValue) sends HTTP Basic credentials")
        }
        if profile == .tlsWithClientCertificate, endpoint.clientCertificateFile == nil || endpoint.clientKeyFile == nil {
            throw fail("csms.clientCertificate", "missing; security profile 3 needs clientCertificate and clientKey")
        }
        return endpoint
    }

    /// The OCPP client's settings.
    public var clientSettings: ClientSettings {
        ClientSettings(
            responseTimeout: .seconds(csms.responseTimeoutSeconds ?? 10), initialBackoff: .seconds(csms.reconnectInitialSeconds ?? 1),
            maximumBackoff: .seconds(csms.reconnectMaximumSeconds ?? 60), queueLimit: csms.queueLimit ?? 100_000
        )
    }

    /// Splits `HOST:PORT`.
    public static func hostAndPort(_ text: String, key: String, configuration: StationConfiguration?) throws(ConfigurationFileError) -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ConfigurationFileError(path: configuration?.path ?? "command line", key: key, problem: "'\(text)': expected HOST:PORT")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}
