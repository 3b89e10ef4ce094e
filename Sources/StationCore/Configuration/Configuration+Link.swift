// What the link to the central system takes from the configuration when it connects: the
// security profile, the Basic-auth key and the WebSocket ping interval, as the defaults and the
// central system's persisted changes make them (the raise-only rule applied in `Configuration`).

extension Configuration {
    /// The configuration a station with `settings` starts with: its defaults overlaid with what
    /// the central system changed, as `store` holds it.
    public static func stored(settings: StationSettings, store: any StationStore) throws -> Configuration {
        try Configuration(defaults: settings.configurationDefaults, changed: store.changedConfiguration(), supportedMeasurands: settings.supportedMeasurands)
    }

    /// The link settings in force: they apply from the next connection.
    public var linkSecurity: LinkSecurity {
        LinkSecurity(securityProfile: int(.securityProfile), authorizationKey: value(of: .authorizationKey).flatMap { $0.isEmpty ? nil : $0 }, pingIntervalSeconds: int(.webSocketPingInterval))
    }
}

/// The link settings the configuration keys hold.
public struct LinkSecurity: Sendable, Equatable {
    /// SecurityProfile (0-3).
    public var securityProfile: Int
    /// AuthorizationKey, when set (never logged). The HTTP Basic password is this string as
    /// given, not its hex-decoded bytes (what OCTT and common central systems expect).
    public var authorizationKey: String?
    /// WebSocketPingInterval in seconds (0: no pings).
    public var pingIntervalSeconds: Int

    /// Creates the settings.
    public init(securityProfile: Int, authorizationKey: String?, pingIntervalSeconds: Int) {
        self.securityProfile = securityProfile
        self.authorizationKey = authorizationKey
        self.pingIntervalSeconds = pingIntervalSeconds
    }
}
