// One automatic session drawn from a SessionProfile: when the EV arrives, how it starts (card,
// invalid card first, remote start), when and for how long it suspends, and how it ends (after a
// time or at a state of charge). A value drawn from a seeded generator, so it is reproducible.

/// SplitMix64: the same seed gives the same sequence on every machine.
public struct FleetRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The generator of connector `connector` of station `station` under the fleet's `seed`.
    public init(seed: UInt64, station: Int, connector: Int) {
        var mixer = FleetRandom(seed: seed ^ (UInt64(truncatingIfNeeded: station) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(truncatingIfNeeded: connector) << 48))
        self.init(seed: mixer.next())
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One session as drawn.
public struct SessionPlan: Sendable, Equatable {
    /// How the session starts.
    public enum Start: Sendable, Equatable {
        /// The driver presents `tag`.
        case card(tag: String)
        /// The driver presents the invalid card first, then `tag`.
        case invalidCardFirst(invalid: String, tag: String)
        /// The EV plugs in and waits for the central system's RemoteStartTransaction.
        case remote
    }

    /// How the session ends.
    public enum End: Sendable, Equatable {
        /// After charging this long.
        case after(Duration)
        /// When the EV reaches this state of charge (or after `limit` at the latest).
        case stateOfCharge(percent: Double, limit: Duration)
    }

    /// The time without an EV before this one arrives.
    public var idle: Duration
    /// The EV's state of charge when it arrives, percent.
    public var arrivalStateOfChargePercent: Double
    /// How the session starts.
    public var start: Start
    /// How the session ends.
    public var end: End
    /// When the EV suspends (after how long charging) and for how long; nil when it does not.
    public var suspension: (after: Duration, length: Duration)?

    /// Draws the next session of `profile` from `random`.
    public static func draw(_ profile: SessionProfile, _ random: inout FleetRandom) -> SessionPlan {
        func uniform(_ range: [Double]) -> Double {
            range[0] == range[1] ? range[0] : Double.random(in: range[0]...range[1], using: &random)
        }
        func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
        func seconds(_ value: Double) -> Duration { .milliseconds(Int64((value * 1000).rounded())) }

        let idle = seconds(uniform(profile.idleSeconds))
        let arrival = uniform(profile.arrivalStateOfChargePercent)
        let tag = profile.tags[Int.random(in: 0..<profile.tags.count, using: &random)]
        let start: Start
        if chance(profile.remoteStartProbability) {
            start = .remote
        } else if chance(profile.invalidCardProbability) {
            start = .invalidCardFirst(invalid: profile.invalidTag, tag: tag)
        } else {
            start = .card(tag: tag)
        }
        let charge = seconds(uniform(profile.chargeSeconds))
        let end: End = chance(profile.stateOfChargeProbability)
            ? .stateOfCharge(percent: max(arrival, uniform(profile.targetStateOfChargePercent)), limit: charge)
            : .after(charge)
        var suspension: (after: Duration, length: Duration)?
        if chance(profile.suspendProbability) {
            suspension = (after: charge * Double.random(in: 0.1..<0.6, using: &random), length: seconds(uniform(profile.suspendSeconds)))
        }
        return SessionPlan(idle: idle, arrivalStateOfChargePercent: arrival, start: start, end: end, suspension: suspension)
    }

    /// The longest the session charges.
    public var chargeLimit: Duration {
        switch end {
        case .after(let duration): duration
        case .stateOfCharge(_, let limit): limit
        }
    }

    public static func == (lhs: SessionPlan, rhs: SessionPlan) -> Bool {
        lhs.idle == rhs.idle && lhs.arrivalStateOfChargePercent == rhs.arrivalStateOfChargePercent && lhs.start == rhs.start && lhs.end == rhs.end
            && lhs.suspension?.after == rhs.suspension?.after && lhs.suspension?.length == rhs.suspension?.length
    }
}
