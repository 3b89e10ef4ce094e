// The station's configuration key values: validated defaults from the station's configuration
// file, overlaid with what the central system changed (persisted), and the answers to
// GetConfiguration and ChangeConfiguration. A value type; the Station actor owns it.

public import OCPP

/// A default value in the station's configuration file that the key does not accept.
public struct ConfigurationDefaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key.
    public let key: ConfigurationKey
    /// The value given.
    public let value: String
    /// What the key expects.
    public let expected: String

    public var description: String { "configuration key \(key.rawValue): '\(value)' is not valid, expected \(expected)" }
}

/// The values of all configuration keys.
public struct Configuration: Sendable, Equatable {
    /// The measurands this station's hardware can measure; a measurand list naming anything else
    /// is rejected.
    public let supportedMeasurands: Set<Measurand>
    private var values: KeyValues

    /// The values a key list may hold.
    static let phaseRotations: Set<String> = ["NotApplicable", "Unknown", "RST", "RTS", "SRT", "STR", "TRS", "TSR"]

    /// Builds the configuration from `defaults` (every required key must be there) overlaid with
    /// `changed` (values the central system set, as persisted, secrets included). A changed value
    /// that is no longer valid (for example after a firmware change), or that would lower the
    /// SecurityProfile the defaults now ask for, is ignored in favour of the default.
    public init(defaults: [ConfigurationKey: String], changed: [ConfigurationKey: String] = [:], supportedMeasurands: Set<Measurand>) throws(ConfigurationDefaultError) {
        self.supportedMeasurands = supportedMeasurands
        values = KeyValues([:])
        for key in ConfigurationKey.allCases {
            guard let value = defaults[key] else {
                if key.isRequired { throw ConfigurationDefaultError(key: key, value: "", expected: "a value (the key is required)") }
                continue
            }
            guard let normalized = validate(key, value) else {
                throw ConfigurationDefaultError(key: key, value: value, expected: expectation(of: key))
            }
            values[key] = normalized
        }
        // The Security extension's keys always exist (a central system moves a station from
        // profile 0 to 1 by setting AuthorizationKey first).
        for (key, value) in ConfigurationKey.securityDefaults where values[key] == nil {
            values[key] = value
        }
        values = values.flattened
        overlay(changed)
    }

    /// Overlays `changed` (values the central system set, as persisted) as `init` does: a value
    /// no longer valid, or lowering the SecurityProfile, is ignored. Nothing changed, nothing is
    /// copied: configurations built from one set of defaults share their values, and a key set
    /// later is kept apart from them (see `KeyValues`).
    public mutating func overlay(_ changed: [ConfigurationKey: String]) {
        for (key, value) in changed where key.access != .readOnly && values[key] != nil {
            guard let normalized = validate(key, value), !lowers(key, to: normalized) else { continue }
            values[key] = normalized
        }
    }

    /// Whether setting `key` to `value` would lower the SecurityProfile (which may only be raised).
    private func lowers(_ key: ConfigurationKey, to value: String) -> Bool {
        guard key == .securityProfile, let current = values[key].flatMap(Int.init), let requested = Int(value) else { return false }
        return requested < current
    }

    /// The value of `key`, or nil when the station does not have the key.
    public func value(of key: ConfigurationKey) -> String? { values[key] }

    /// The boolean value of a boolean key (false when absent).
    public func bool(_ key: ConfigurationKey) -> Bool { values[key] == "true" }

    /// The items of a list key, in order (empty when absent).
    public func list(_ key: ConfigurationKey) -> [String] {
        guard let text = values[key], !text.isEmpty else { return [] }
        return text.split(separator: ",").map(\.trimmingSpaces)
    }

    /// The integer value of an integer key (0 when absent).
    public func int(_ key: ConfigurationKey) -> Int { values[key].flatMap { Int($0) } ?? 0 }

    /// The measurands of a measurand-list key, in order.
    public func measurands(_ key: ConfigurationKey) -> [Measurand] {
        guard let text = values[key], !text.isEmpty else { return [] }
        return text.split(separator: ",").compactMap { Measurand(rawValue: $0.trimmingSpaces) }
    }

    /// Sets a read-only key the station itself maintains (NumberOfConnectors,
    /// SupportedFeatureProfiles...), bypassing the access check. Call at construction time.
    public mutating func setInternal(_ key: ConfigurationKey, _ value: String) {
        values[key] = value
    }

    // MARK: ChangeConfiguration

    /// The outcome of a change and, when accepted, the value stored (normalized).
    public enum ChangeOutcome: Sendable, Equatable {
        case accepted(ConfigurationKey, String)
        case rebootRequired(ConfigurationKey, String)
        case rejected(reason: String)
        case notSupported

        /// The status to answer.
        public var status: ChangeConfiguration.ConfigurationStatus {
            switch self {
            case .accepted: .accepted
            case .rebootRequired: .rebootRequired
            case .rejected: .rejected
            case .notSupported: .notSupported
            }
        }
    }

    /// Changes `name` to `value` as ChangeConfiguration asks: unknown keys are NotSupported,
    /// read-only keys and invalid values Rejected. Key names compare case-insensitively.
    public mutating func change(_ name: String, to value: String) -> ChangeOutcome {
        guard let key = ConfigurationKey(caseInsensitive: name), values[key] != nil else { return .notSupported }
        guard key.access != .readOnly else { return .rejected(reason: "\(key.rawValue) is read-only") }
        guard let normalized = validate(key, value) else {
            let shown = key.access == .writeOnly ? "the value" : "'\(value)'"
            return .rejected(reason: "\(key.rawValue): \(shown) is not valid, expected \(expectation(of: key))")
        }
        if lowers(key, to: normalized) {
            return .rejected(reason: "SecurityProfile may only be raised (now \(int(.securityProfile)), asked \(normalized))")
        }
        values[key] = normalized
        // The link reads WebSocketPingInterval, SecurityProfile and AuthorizationKey when it
        // connects: a new value applies after a reboot.
        if key.requiresReboot { return .rebootRequired(key, normalized) }
        return .accepted(key, normalized)
    }

    // MARK: GetConfiguration

    /// The answer to GetConfiguration for `names` (all keys when nil or empty).
    public func report(_ names: [String]?) -> GetConfiguration.Response {
        var known: [GetConfiguration.KeyValue] = []
        var unknown: [CiString<50>] = []
        // Without a key list every key is reported but the write-only ones, which have nothing
        // to show; asked for by name, a write-only key is reported without its value.
        let everyKey = ConfigurationKey.allCases.filter { values[$0] != nil && $0.access != .writeOnly }
        let requested: [String] = (names?.isEmpty ?? true) ? everyKey.map(\.rawValue) : names!
        for name in requested {
            if let key = ConfigurationKey(caseInsensitive: name), let value = values[key] {
                // A write-only key is reported without its value.
                let shown: CiString<500>? = key.access == .writeOnly ? nil : CiString(truncating: value)
                known.append(GetConfiguration.KeyValue(key: CiString(truncating: key.rawValue), readonly: key.access == .readOnly, value: shown))
            } else {
                unknown.append(CiString(truncating: name))
            }
        }
        return GetConfiguration.Response(configurationKey: known.isEmpty ? nil : known, unknownKey: unknown.isEmpty ? nil : unknown)
    }

    // MARK: Validation

    /// The normalized value, or nil when `value` is not valid for `key`.
    func validate(_ key: ConfigurationKey, _ value: String) -> String? {
        guard value.utf8.count <= 500 else { return nil }
        switch key.kind {
        case .boolean:
            switch value.lowercased() {
            case "true": return "true"
            case "false": return "false"
            default: return nil
            }
        case .integer(let range):
            guard let number = Int(value.trimmingSpaces), range.contains(number) else { return nil }
            return String(number)
        case .measurandList(let maxLengthKey):
            let items = value.split(separator: ",", omittingEmptySubsequences: false).map(\.trimmingSpaces)
            if items == [""] { return "" }
            guard !items.contains(""), items.allSatisfy({ Measurand(rawValue: $0).map(supportedMeasurands.contains) ?? false }) else { return nil }
            if let maximum = values[maxLengthKey].flatMap(Int.init), items.count > maximum { return nil }
            return items.joined(separator: ",")
        case .phaseRotationList:
            let items = value.split(separator: ",").map(\.trimmingSpaces)
            for item in items {
                let parts = item.split(separator: ".", maxSplits: 1).map(String.init)
                let rotation = parts.count == 2 ? parts[1] : parts[0]
                guard Self.phaseRotations.contains(rotation) else { return nil }
                if parts.count == 2, Int(parts[0]) == nil { return nil }
            }
            if let maximum = values[.connectorPhaseRotationMaxLength].flatMap(Int.init), items.count > maximum { return nil }
            return items.joined(separator: ",")
        case .profileList:
            let items = value.split(separator: ",").map(\.trimmingSpaces)
            guard items.allSatisfy({ FeatureProfile(rawValue: $0) != nil && $0 != FeatureProfile.security.rawValue }) else { return nil }
            return items.joined(separator: ",")
        case .choiceList(let choices):
            let items = value.split(separator: ",").map(\.trimmingSpaces)
            guard !items.isEmpty, items.allSatisfy(choices.contains) else { return nil }
            return items.joined(separator: ",")
        case .secret(let lengths):
            guard lengths.contains(value.utf8.count), value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
            return value
        case .text(let lengths):
            guard lengths.contains(value.utf8.count) else { return nil }
            return value
        }
    }

    func expectation(of key: ConfigurationKey) -> String {
        switch key.kind {
        case .boolean: "true or false"
        case .integer(let range): "an integer from \(range.lowerBound) to \(range.upperBound)"
        case .measurandList: "a comma-separated list of measurands this station measures: \(supportedMeasurands.map(\.rawValue).sorted().joined(separator: ", "))"
        case .phaseRotationList: "a comma-separated list of <connector>.<rotation>, rotation one of \(Self.phaseRotations.sorted().joined(separator: ", "))"
        case .profileList: "a comma-separated list of feature profiles"
        case .choiceList(let choices): "a comma-separated list of \(choices.sorted().joined(separator: ", "))"
        case .secret(let lengths): "\(lengths.lowerBound) to \(lengths.upperBound) printable characters without spaces"
        case .text(let lengths): "text of \(lengths.lowerBound) to \(lengths.upperBound) bytes"
        }
    }
}

extension ConfigurationKey {
    /// The key named `name`, ignoring case (configuration key names are CiString50).
    public init?(caseInsensitive name: String) {
        if let exact = ConfigurationKey(rawValue: name) {
            self = exact
            return
        }
        let lowered = name.lowercased()
        guard let match = ConfigurationKey.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        self = match
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

/// A configuration's values by key: those it was built with, which its copies share (a fleet's
/// stations of one kind, see `SharedConfigurationDefaults`), and the keys set since, kept apart so
/// that setting one key (the heartbeat interval a central system sends at every boot) copies
/// those few instead of every value.
private struct KeyValues: Sendable, Equatable {
    private let built: [ConfigurationKey: String]
    private var changed: [ConfigurationKey: String] = [:]

    init(_ built: [ConfigurationKey: String]) {
        self.built = built
    }

    /// The value of `key`: the one set last, else the one built with. Setting never removes a key.
    subscript(key: ConfigurationKey) -> String? {
        get { changed[key] ?? built[key] }
        set { changed[key] = newValue }
    }

    /// The same values, all as built with (what a copy then shares).
    var flattened: KeyValues { KeyValues(all) }

    private var all: [ConfigurationKey: String] { built.merging(changed) { _, new in new } }

    static func == (lhs: KeyValues, rhs: KeyValues) -> Bool { lhs.all == rhs.all }
}
