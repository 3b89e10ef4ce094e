// The charging profiles of a 2.0.1 station (functional block K) as a value: the rules of
// SetChargingProfile (K01), the selections of GetChargingProfiles (K09) and ClearChargingProfile
// (K10), and each profile translated onto the charging core's profile set, so that the limits and
// composite schedules are computed by the same code as for 1.6 (`CompositeSchedule`).
//
// Choices where the specification leaves one:
// - A profile with the id of an installed one replaces it (K01.FR.05); another profile with the
//   same purpose and stackLevel on the same EVSE whose validity overlaps is Rejected (K01.FR.06),
//   for TxProfiles one with the same stackLevel and transaction (K01.FR.39).
// - A profile has one ChargingSchedule (no ISO 15118 on this station, K01.FR.34); its
//   minChargingRate and salesTariff are kept and ignored.
// - A TxProfile applies while the charging core's session runs on its EVSE and is removed when
//   the transaction ends; Relative schedules count from the start of that session.

import OCPP
import OCPP201

/// One profile as installed: the EVSE of the SetChargingProfile (0: the station) and the profile.
struct InstalledProfile201: Codable, Sendable, Equatable {
    var evseId: Int
    var chargingProfile: OCPP201.ChargingProfile
}

/// The 2.0.1 station's charging profiles and the limits last put on its EVSEs. Owned by the
/// Station201 actor, which persists the profiles after every change.
struct SmartCharging201 {
    /// What the rules need to know of the station.
    struct Rules {
        /// EVSEs are numbered 1...evseCount.
        var evseCount: Int
        /// SmartChargingCtrlr.ProfileStackLevel, PeriodsPerSchedule, Entries' maximum and RateUnit.
        var maxStackLevel: Int
        var maxPeriods: Int
        var maxInstalled: Int
        var allowedUnits: Set<OCPP201.ChargingRateUnit>
        /// The id of the 2.0.1 transaction running on an EVSE, or nil.
        var runningTransaction: (Int) -> String?
    }

    /// The installed profiles, in installation order.
    var installed: [InstalledProfile201] = []
    /// The power last offered to each EVSE that delivers energy, W.
    var offeredW: [Int: Double] = [:]
    /// When the limits change next, and the task waiting for it.
    var limitChangesAt: OCPP.Timestamp?
    var limitTask: Task<Void, Never>?
    /// The TxProfile of an accepted RequestStartTransaction by EVSE, with its remoteStartId,
    /// waiting for the transaction it starts.
    var awaitedProfiles: [Int: (remoteStartId: Int, profile: OCPP201.ChargingProfile)] = [:]

    // MARK: SetChargingProfile

    /// Installs `profile` on `evseId` when it follows the rules; otherwise the reason it was
    /// Rejected (for the log and the statusInfo).
    mutating func install(_ profile: OCPP201.ChargingProfile, evseId: Int, rules: Rules) -> String? {
        if let problem = Self.problem(of: profile, evseId: evseId, among: installed, rules: rules) { return problem }
        installed.removeAll { $0.chargingProfile.id == profile.id }
        installed.append(InstalledProfile201(evseId: evseId, chargingProfile: profile))
        return nil
    }

    /// Why `profile` may not go on `evseId`, or nil.
    static func problem(of profile: OCPP201.ChargingProfile, evseId: Int, among installed: [InstalledProfile201], rules: Rules) -> String? {
        guard (0...rules.evseCount).contains(evseId) else { return "EVSE \(evseId) does not exist (expected 0...\(rules.evseCount))" }
        guard profile.chargingSchedule.count == 1 else { return "a profile needs exactly one chargingSchedule without ISO 15118 (K01.FR.34)" }
        let schedule = profile.chargingSchedule[0]
        switch profile.chargingProfilePurpose {
        case .chargingStationExternalConstraints:
            return "ChargingStationExternalConstraints are set by the station, not the CSMS (K01.FR.22)"
        case .chargingStationMaxProfile:
            guard evseId == 0 else { return "a ChargingStationMaxProfile goes on EVSE 0, not \(evseId)" }
            guard profile.chargingProfileKind != .relative else { return "a ChargingStationMaxProfile may not be Relative (K01.FR.38)" }
        case .txDefaultProfile:
            break
        case .txProfile:
            guard evseId > 0 else { return "a TxProfile needs an EVSE above 0 (K01.FR.16)" }
            guard let wanted = profile.transactionId?.value else { return "a TxProfile needs a transactionId (K01.FR.03)" }
            guard let running = rules.runningTransaction(evseId) else { return "no transaction runs on EVSE \(evseId) (K01.FR.09)" }
            guard wanted == running else { return "transaction \(wanted) does not run on EVSE \(evseId) (K01.FR.33)" }
        }
        switch profile.chargingProfileKind {
        case .absolute, .recurring:
            guard schedule.startSchedule != nil else { return "an Absolute or Recurring profile needs a startSchedule (K01.FR.40)" }
        case .relative:
            guard schedule.startSchedule == nil else { return "a Relative profile may not have a startSchedule (K01.FR.41)" }
        }
        guard rules.allowedUnits.contains(schedule.chargingRateUnit) else { return "unit \(schedule.chargingRateUnit.rawValue) is not in RateUnit" }
        if let conflict = installed.first(where: { conflicts($0, with: profile, evseId: evseId) }) {
            return "profile \(conflict.chargingProfile.id) has the same purpose and stackLevel on EVSE \(conflict.evseId) (K01.FR.06/39)"
        }
        let others = installed.count { $0.chargingProfile.id != profile.id }
        guard others < rules.maxInstalled else { return "\(others) profiles are installed, the most is \(rules.maxInstalled)" }
        // The core's rules for the content: stackLevel, periods, limits, phases, recurrency, validity.
        let limits = ChargingProfileSet.Limits(
            maxStackLevel: rules.maxStackLevel, maxPeriods: rules.maxPeriods, maxInstalled: 1, allowedUnits: [.amperes, .watts],
            connectorCount: rules.evseCount
        )
        var check = ChargingProfileSet()
        if case .rejected(let reason) = check.install(core(profile), connectorId: evseId, limits: limits, runningTransaction: { _ in 0 }) {
            return reason
        }
        return nil
    }

    /// Whether `existing`, another profile, blocks `profile` on `evseId`.
    private static func conflicts(_ existing: InstalledProfile201, with profile: OCPP201.ChargingProfile, evseId: Int) -> Bool {
        let other = existing.chargingProfile
        guard other.id != profile.id, other.chargingProfilePurpose == profile.chargingProfilePurpose, other.stackLevel == profile.stackLevel else {
            return false
        }
        if profile.chargingProfilePurpose == .txProfile { return other.transactionId == profile.transactionId }
        guard existing.evseId == evseId else { return false }
        let startsBeforeOtherEnds = other.validTo.map { end in profile.validFrom.map { $0 < end } ?? true } ?? true
        let otherStartsBeforeEnd = profile.validTo.map { end in other.validFrom.map { $0 < end } ?? true } ?? true
        return startsBeforeOtherEnds && otherStartsBeforeEnd
    }

    // MARK: Selections

    /// The profiles GetChargingProfiles selects: on `evseId` when given (0: the station's own),
    /// matching every criterion given. The station sets no limits of its own, so a
    /// chargingLimitSource list without CSO selects nothing.
    func selected(evseId: Int?, _ criterion: GetChargingProfiles.ChargingProfileCriterion) -> [InstalledProfile201] {
        if let sources = criterion.chargingLimitSource, !sources.contains(.cso) { return [] }
        return installed.filter { item in
            (evseId.map { $0 == item.evseId } ?? true)
                && (criterion.chargingProfilePurpose.map { $0 == item.chargingProfile.chargingProfilePurpose } ?? true)
                && (criterion.stackLevel.map { $0 == item.chargingProfile.stackLevel } ?? true)
                && (criterion.chargingProfileId.map { $0.contains(item.chargingProfile.id) } ?? true)
        }
    }

    /// Removes what ClearChargingProfile names: the profile with `id` when given, else every
    /// profile matching all the criteria given (none: all). Returns whether one was removed.
    mutating func clear(_ request: OCPP201.ClearChargingProfile.Request) -> Bool {
        let before = installed.count
        if let id = request.chargingProfileId {
            installed.removeAll { $0.chargingProfile.id == id }
        } else {
            let criteria = request.chargingProfileCriteria
            installed.removeAll { item in
                (criteria?.evseId.map { $0 == item.evseId } ?? true)
                    && (criteria?.chargingProfilePurpose.map { $0 == item.chargingProfile.chargingProfilePurpose } ?? true)
                    && (criteria?.stackLevel.map { $0 == item.chargingProfile.stackLevel } ?? true)
            }
        }
        return installed.count < before
    }

    /// Removes the TxProfiles of the transaction that ended on `evseId`; whether one was removed.
    mutating func transactionEnded(evseId: Int) -> Bool {
        let before = installed.count
        installed.removeAll { $0.evseId == evseId && $0.chargingProfile.chargingProfilePurpose == .txProfile }
        return installed.count < before
    }

    /// Removes the profiles whose validTo has passed at `now`; whether one was removed.
    mutating func expire(at now: OCPP.Timestamp) -> Bool {
        let before = installed.count
        installed.removeAll { $0.chargingProfile.validTo.map { $0 <= now } ?? false }
        return installed.count < before
    }

    // MARK: The core's profile set

    /// The installed profiles as the charging core's profile set (EVSE n is connector n).
    var coreSet: ChargingProfileSet {
        ChargingProfileSet(profiles: installed.map { ChargingProfileSet.InstalledProfile(connectorId: $0.evseId, profile: Self.core($0.chargingProfile)) })
    }

    /// `profile` on the core's terms: ChargingStationMaxProfile is the station-wide maximum; a
    /// TxProfile carries no transactionId (the 2.0.1 station checked it, and removes it with its
    /// transaction).
    static func core(_ profile: OCPP201.ChargingProfile) -> OCPP.ChargingProfile {
        let schedule = profile.chargingSchedule.first
        let purpose: OCPP.ChargingProfilePurpose = switch profile.chargingProfilePurpose {
        case .chargingStationMaxProfile, .chargingStationExternalConstraints: .chargePointMaxProfile
        case .txDefaultProfile: .txDefaultProfile
        case .txProfile: .txProfile
        }
        return OCPP.ChargingProfile(
            chargingProfileId: profile.id, stackLevel: profile.stackLevel, chargingProfilePurpose: purpose,
            chargingProfileKind: OCPP.ChargingProfileKind(rawValue: profile.chargingProfileKind.rawValue) ?? .absolute,
            recurrencyKind: profile.recurrencyKind.flatMap { OCPP.RecurrencyKind(rawValue: $0.rawValue) },
            validFrom: profile.validFrom, validTo: profile.validTo,
            chargingSchedule: OCPP.ChargingSchedule(
                duration: schedule?.duration, startSchedule: schedule?.startSchedule,
                chargingRateUnit: schedule?.chargingRateUnit == .a ? .amperes : .watts,
                chargingSchedulePeriod: (schedule?.chargingSchedulePeriod ?? []).map {
                    OCPP.ChargingSchedulePeriod(startPeriod: $0.startPeriod, limit: OCPP.ChargingRate($0.limit), numberPhases: $0.numberPhases)
                }
            )
        )
    }
}
