// The automatic sessions of a fleet (the transaction generator): how long EVs stay away and
// charge, which cards they present, and how often something unusual happens. Read from the fleet
// file's `fleet.sessions`; every value has a default.

/// What the session generator draws from. A value; the same profile and seed give the same
/// sessions.
public struct SessionProfile: Sendable, Equatable, Decodable {
    /// Whether the generator runs when the fleet starts (it can be switched at run time).
    public var enabled: Bool = false
    /// The seed; each station and connector draws from its own generator derived from it.
    public var seed: UInt64 = 1
    /// Seconds an EV stays away before the next one arrives: `[least, most]`.
    public var idleSeconds: [Double] = [60, 600]
    /// Seconds a session charges when it ends by time: `[least, most]`.
    public var chargeSeconds: [Double] = [300, 3600]
    /// Share of sessions that end when the EV reaches a state of charge instead of by time.
    public var stateOfChargeProbability: Double = 0.3
    /// The state of charge such a session stops at, percent: `[least, most]`.
    public var targetStateOfChargePercent: [Double] = [80, 100]
    /// The state of charge an EV arrives with, percent: `[least, most]`.
    public var arrivalStateOfChargePercent: [Double] = [10, 60]
    /// Share of sessions whose driver first presents a card the central system does not know.
    public var invalidCardProbability: Double = 0.05
    /// Share of sessions started remotely (an app) instead of by card: the EV plugs in and waits
    /// `remoteStartWaitSeconds` for the central system's RemoteStartTransaction.
    public var remoteStartProbability: Double = 0
    /// How long an EV waiting for a remote start stays before it leaves.
    public var remoteStartWaitSeconds: Double = 60
    /// Share of sessions in which the EV suspends charging for a while (`suspendSeconds`).
    public var suspendProbability: Double = 0.1
    /// Seconds a suspending EV pauses: `[least, most]`.
    public var suspendSeconds: [Double] = [30, 120]
    /// The cards drivers present.
    public var tags: [String] = ["FLEET-TAG-1", "FLEET-TAG-2", "FLEET-TAG-3"]
    /// The card a driver presents when the session draws an invalid card.
    public var invalidTag: String = "FLEET-INVALID"

    /// The defaults.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case enabled, seed, idleSeconds, chargeSeconds, stateOfChargeProbability, targetStateOfChargePercent, arrivalStateOfChargePercent
        case invalidCardProbability, remoteStartProbability, remoteStartWaitSeconds, suspendProbability, suspendSeconds, tags, invalidTag
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var profile = SessionProfile()
        func read<T: Decodable>(_ key: CodingKeys, _ path: WritableKeyPath<SessionProfile, T>) throws {
            if let value = try container.decodeIfPresent(T.self, forKey: key) { profile[keyPath: path] = value }
        }
        try read(.enabled, \.enabled)
        try read(.seed, \.seed)
        try read(.idleSeconds, \.idleSeconds)
        try read(.chargeSeconds, \.chargeSeconds)
        try read(.stateOfChargeProbability, \.stateOfChargeProbability)
        try read(.targetStateOfChargePercent, \.targetStateOfChargePercent)
        try read(.arrivalStateOfChargePercent, \.arrivalStateOfChargePercent)
        try read(.invalidCardProbability, \.invalidCardProbability)
        try read(.remoteStartProbability, \.remoteStartProbability)
        try read(.remoteStartWaitSeconds, \.remoteStartWaitSeconds)
        try read(.suspendProbability, \.suspendProbability)
        try read(.suspendSeconds, \.suspendSeconds)
        try read(.tags, \.tags)
        try read(.invalidTag, \.invalidTag)
        self = profile
    }

    /// Checks ranges and probabilities; the error names the key under `fleet.sessions`.
    public func validate() throws(FleetError) {
        for (name, range) in [
            ("idleSeconds", idleSeconds), ("chargeSeconds", chargeSeconds), ("targetStateOfChargePercent", targetStateOfChargePercent),
            ("arrivalStateOfChargePercent", arrivalStateOfChargePercent), ("suspendSeconds", suspendSeconds),
        ] {
            guard range.count == 2, range[0] >= 0, range[0] <= range[1] else {
                throw FleetError("fleet.sessions.\(name): expected [least, most] with 0 <= least <= most")
            }
        }
        for (name, probability) in [
            ("stateOfChargeProbability", stateOfChargeProbability), ("invalidCardProbability", invalidCardProbability),
            ("remoteStartProbability", remoteStartProbability), ("suspendProbability", suspendProbability),
        ] {
            guard (0...1).contains(probability) else { throw FleetError("fleet.sessions.\(name): \(probability): expected a probability from 0 to 1") }
        }
        guard !tags.isEmpty, tags.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 20 }) else {
            throw FleetError("fleet.sessions.tags: expected a list of cards of 1 to 20 characters")
        }
    }
}
