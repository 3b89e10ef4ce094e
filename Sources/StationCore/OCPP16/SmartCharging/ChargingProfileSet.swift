// The charging profiles installed on the station, and the rules of SetChargingProfile and
// ClearChargingProfile (OCPP 1.6 edition 2 with errata v4.0) that decide what may be installed.

public import OCPP

/// The charging profiles installed on the station, each on its connector (0: the station as a
/// whole). A value: the Station actor owns one, changes it with the mutating methods and persists
/// it through `json`. Pure; use from any isolation.
public struct ChargingProfileSet: Sendable, Equatable {
    /// A profile and the connector it was installed on.
    public struct InstalledProfile: Sendable, Equatable {
        /// The connector; 0: the station as a whole (a ChargePointMaxProfile, or a
        /// TxDefaultProfile for every connector).
        public var connectorId: Int
        /// The profile, as installed (a TxProfile always carries its transactionId).
        public var profile: ChargingProfile

        /// Creates an installed profile.
        public init(connectorId: Int, profile: ChargingProfile) {
            self.connectorId = connectorId
            self.profile = profile
        }
    }

    /// The station's smart-charging limits, from its configuration keys.
    public struct Limits: Sendable, Equatable {
        /// ChargeProfileMaxStackLevel: the highest stackLevel accepted.
        public var maxStackLevel: Int
        /// ChargingScheduleMaxPeriods: the most periods a schedule may have.
        public var maxPeriods: Int
        /// MaxChargingProfilesInstalled: the most profiles installed at once.
        public var maxInstalled: Int
        /// ChargingScheduleAllowedChargingRateUnit: the units a schedule may use.
        public var allowedUnits: Set<ChargingRateUnit>
        /// NumberOfConnectors: connectors are numbered 1...connectorCount.
        public var connectorCount: Int

        /// Creates the limits.
        public init(maxStackLevel: Int, maxPeriods: Int, maxInstalled: Int, allowedUnits: Set<ChargingRateUnit>, connectorCount: Int) {
            self.maxStackLevel = maxStackLevel
            self.maxPeriods = maxPeriods
            self.maxInstalled = maxInstalled
            self.allowedUnits = allowedUnits
            self.connectorCount = connectorCount
        }
    }

    /// What became of a profile offered to `install`.
    public enum InstallOutcome: Sendable, Equatable {
        /// The profile is installed (SetChargingProfile answers Accepted).
        case accepted
        /// The profile was not installed and nothing changed (SetChargingProfile answers
        /// Rejected); `reason` says which rule it broke, for the log.
        case rejected(reason: String)
    }

    /// The installed profiles, in installation order.
    public private(set) var profiles: [InstalledProfile]

    /// An empty set.
    public init() {
        profiles = []
    }

    /// A set holding `profiles` as they are, without the install rules (for an adapter that
    /// checked them with its own version's rules, such as OCPP 2.0.1's).
    public init(profiles: [InstalledProfile]) {
        self.profiles = profiles
    }

    /// Installs `profile` on `connectorId` if it follows the rules, replacing the profile with
    /// the same chargingProfileId (on any connector) and the one with the same purpose and
    /// stackLevel on the same connector.
    ///
    /// Rejected, leaving the set unchanged, when:
    /// - the connector is not in 0...connectorCount;
    /// - a ChargePointMaxProfile is not on connector 0, or has no fixed start (Relative, or
    ///   Absolute without startSchedule, which counts from the start of charging): the station as
    ///   a whole has no transaction to count from (the rule OCPP 2.0.1 makes explicit);
    /// - a TxProfile is on connector 0, or no transaction with a known transactionId runs on the
    ///   connector (`runningTransaction` answers nil, also while StartTransaction is unanswered),
    ///   or the profile's transactionId is another one;
    /// - stackLevel is outside 0...maxStackLevel, the periods number 0 or more than maxPeriods,
    ///   or the unit is not allowed;
    /// - the first period does not start at 0, startPeriods do not strictly increase, a limit is
    ///   negative, or a numberPhases is outside 1...3;
    /// - the schedule's duration is negative;
    /// - a Recurring profile lacks recurrencyKind or startSchedule;
    /// - validTo is not after validFrom;
    /// - after the replacements, more than maxInstalled profiles would be installed.
    ///
    /// A TxProfile without transactionId is stored with the running transaction's id. Fields
    /// the kind does not use (recurrencyKind of a non-Recurring profile, startSchedule of a
    /// Relative one) are kept and ignored.
    ///
    /// - Parameters:
    ///   - profile: the profile of the SetChargingProfile (or RemoteStartTransaction) request.
    ///   - connectorId: the connector of the request.
    ///   - limits: the station's limits.
    ///   - runningTransaction: the central system's transactionId of the transaction running on
    ///     a connector, or nil.
    /// - Returns: whether the profile was installed, and if not why.
    public mutating func install(
        _ profile: ChargingProfile, connectorId: Int, limits: Limits, runningTransaction: (Int) -> Int?
    ) -> InstallOutcome {
        var profile = profile
        if let reason = Self.placementProblem(of: &profile, connectorId: connectorId, limits: limits, runningTransaction: runningTransaction)
            ?? Self.contentProblem(of: profile, limits: limits)
        {
            return .rejected(reason: reason)
        }
        func isReplaced(_ installed: InstalledProfile) -> Bool {
            installed.profile.chargingProfileId == profile.chargingProfileId
                || (installed.connectorId == connectorId
                    && installed.profile.chargingProfilePurpose == profile.chargingProfilePurpose
                    && installed.profile.stackLevel == profile.stackLevel)
        }
        let remaining = profiles.count(where: { !isReplaced($0) })
        guard remaining < limits.maxInstalled else {
            return .rejected(reason: "\(remaining) other profiles are installed and MaxChargingProfilesInstalled is \(limits.maxInstalled)")
        }
        profiles.removeAll(where: isReplaced)
        profiles.append(InstalledProfile(connectorId: connectorId, profile: profile))
        return .accepted
    }

    /// Removes profiles as ClearChargingProfile asks: with `id`, the profile with that id
    /// whatever the other criteria say; without, every profile matching all the criteria given
    /// (connector 0 names the profiles installed on the station as a whole); with none, all.
    /// - Returns: whether a profile was removed (ClearChargingProfile answers Accepted, else
    ///   Unknown).
    public mutating func clear(id: Int?, connectorId: Int?, purpose: ChargingProfilePurpose?, stackLevel: Int?) -> Bool {
        let before = profiles.count
        if let id {
            profiles.removeAll { $0.profile.chargingProfileId == id }
        } else {
            profiles.removeAll { installed in
                (connectorId.map { $0 == installed.connectorId } ?? true)
                    && (purpose.map { $0 == installed.profile.chargingProfilePurpose } ?? true)
                    && (stackLevel.map { $0 == installed.profile.stackLevel } ?? true)
            }
        }
        return profiles.count < before
    }

    /// Removes the TxProfiles of `connectorId`: a TxProfile ends with its transaction. Call
    /// when the transaction on that connector stops.
    public mutating func removeTransactionProfiles(connectorId: Int) {
        profiles.removeAll { $0.connectorId == connectorId && $0.profile.chargingProfilePurpose == .txProfile }
    }

    /// Removes the profiles whose validTo is `now` or earlier (they can never apply again).
    /// - Returns: whether a profile was removed.
    @discardableResult
    public mutating func removeExpired(at now: Timestamp) -> Bool {
        let before = profiles.count
        profiles.removeAll { installed in installed.profile.validTo.map { $0 <= now } ?? false }
        return profiles.count < before
    }

    // MARK: Rules

    /// Why `profile` may not go on `connectorId`, or nil; fills in a TxProfile's transactionId.
    private static func placementProblem(
        of profile: inout ChargingProfile, connectorId: Int, limits: Limits, runningTransaction: (Int) -> Int?
    ) -> String? {
        guard connectorId >= 0, connectorId <= limits.connectorCount else {
            return "connector \(connectorId) does not exist (expected 0...\(limits.connectorCount))"
        }
        switch profile.chargingProfilePurpose {
        case .chargePointMaxProfile:
            guard connectorId == 0 else { return "a ChargePointMaxProfile applies to connector 0 only, not \(connectorId)" }
            let fixedStart = profile.chargingProfileKind != .relative && profile.chargingSchedule.startSchedule != nil
            guard fixedStart else { return "a ChargePointMaxProfile needs an Absolute or Recurring schedule with a startSchedule" }
        case .txDefaultProfile:
            break
        case .txProfile:
            guard connectorId > 0 else { return "a TxProfile needs a connector above 0" }
            guard let running = runningTransaction(connectorId) else {
                return "a TxProfile needs a running transaction with a known transactionId on connector \(connectorId)"
            }
            if let wanted = profile.transactionId, wanted != running {
                return "the TxProfile is for transaction \(wanted) but transaction \(running) runs on connector \(connectorId)"
            }
            profile.transactionId = running
        }
        return nil
    }

    /// Why the content of `profile` breaks the rules or the station's limits, or nil.
    private static func contentProblem(of profile: ChargingProfile, limits: Limits) -> String? {
        let schedule = profile.chargingSchedule
        let periods = schedule.chargingSchedulePeriod
        guard profile.stackLevel >= 0, profile.stackLevel <= limits.maxStackLevel else {
            return "stackLevel \(profile.stackLevel) is outside 0...\(limits.maxStackLevel)"
        }
        guard !periods.isEmpty, periods.count <= limits.maxPeriods else {
            return "the schedule has \(periods.count) periods, expected 1...\(limits.maxPeriods)"
        }
        guard limits.allowedUnits.contains(schedule.chargingRateUnit) else {
            return "unit \(schedule.chargingRateUnit.rawValue) is not allowed (allowed: \(limits.allowedUnits.map(\.rawValue).sorted()))"
        }
        guard periods[0].startPeriod == 0 else { return "the first period starts at \(periods[0].startPeriod), expected 0" }
        for (previous, next) in zip(periods, periods.dropFirst()) where next.startPeriod <= previous.startPeriod {
            return "startPeriod \(next.startPeriod) does not follow \(previous.startPeriod)"
        }
        if let period = periods.first(where: { $0.limit.tenths < 0 }) {
            return "the period at \(period.startPeriod) has a negative limit \(period.limit)"
        }
        if let period = periods.first(where: { $0.numberPhases.map { !(1...3).contains($0) } ?? false }) {
            return "the period at \(period.startPeriod) has numberPhases \(period.numberPhases ?? 0), expected 1...3"
        }
        if let duration = schedule.duration, duration < 0 {
            return "the schedule's duration \(duration) is negative"
        }
        if profile.chargingProfileKind == .recurring {
            guard profile.recurrencyKind != nil else { return "a Recurring profile needs a recurrencyKind" }
            guard schedule.startSchedule != nil else { return "a Recurring profile needs a startSchedule" }
        }
        if let from = profile.validFrom, let to = profile.validTo, to <= from {
            return "validTo \(to) is not after validFrom \(from)"
        }
        return nil
    }
}

// MARK: - Persistence

extension ChargingProfileSet {
    /// How one installed profile is stored: `{"connectorId": 1, "profile": {...}}`.
    private struct StoredProfile: OCPPPayload {
        var connectorId: Int
        var profile: ChargingProfile
    }

    /// The set as a JSON array of `{"connectorId", "profile"}` objects, the profiles written as
    /// OCPP writes them, for the station's store.
    public var json: JSONValue {
        .array(profiles.map { FrameEncoder.payload(StoredProfile(connectorId: $0.connectorId, profile: $0.profile)) })
    }

    /// The set stored as `json`. The profiles are taken as they are (they were checked when
    /// installed).
    /// - Throws: `PayloadError` when `json` is not such an array.
    public init(json: JSONValue) throws(PayloadError) {
        profiles = try PayloadDecoding.decode([StoredProfile].self, from: json).map {
            InstalledProfile(connectorId: $0.connectorId, profile: $0.profile)
        }
    }
}
