// Charging profiles: the limits a central system sets over time (SetChargingProfile,
// RemoteStartTransaction, GetCompositeSchedule).

/// Why a profile exists and how it stacks (OCPP 1.6 ChargingProfilePurposeType).
public enum ChargingProfilePurpose: String, OCPPEnum {
    /// The limit of the charge point as a whole (connector 0 only).
    case chargePointMaxProfile = "ChargePointMaxProfile"
    /// The default for new transactions.
    case txDefaultProfile = "TxDefaultProfile"
    /// The limit of one running transaction.
    case txProfile = "TxProfile"
}

/// How a profile's schedule is anchored in time (OCPP 1.6 ChargingProfileKindType).
public enum ChargingProfileKind: String, OCPPEnum {
    /// From the schedule's startSchedule.
    case absolute = "Absolute"
    /// Repeating daily or weekly from startSchedule.
    case recurring = "Recurring"
    /// From the start of the transaction.
    case relative = "Relative"
}

/// The period of a recurring profile (OCPP 1.6 RecurrencyKindType).
public enum RecurrencyKind: String, OCPPEnum {
    case daily = "Daily"
    case weekly = "Weekly"
}

/// The unit of a schedule's limits (OCPP 1.6 ChargingRateUnitType).
public enum ChargingRateUnit: String, OCPPEnum {
    /// Amperes per phase.
    case amperes = "A"
    /// Watts.
    case watts = "W"
}

/// One period of a schedule (OCPP 1.6 ChargingSchedulePeriod).
public struct ChargingSchedulePeriod: OCPPPayload, Hashable {
    /// Seconds from the start of the schedule at which this period begins.
    public var startPeriod: Int
    /// The limit in the schedule's unit.
    public var limit: ChargingRate
    /// The number of phases that may be used; 3 when absent.
    public var numberPhases: Int?

    /// Creates a period.
    public init(startPeriod: Int, limit: ChargingRate, numberPhases: Int? = nil) {
        self.startPeriod = startPeriod
        self.limit = limit
        self.numberPhases = numberPhases
    }
}

/// A list of periods with a start and a unit (OCPP 1.6 ChargingSchedule).
public struct ChargingSchedule: OCPPPayload, Hashable {
    /// Seconds the schedule lasts; absent: until the profile ends or the last period goes on.
    public var duration: Int?
    /// Where an Absolute or Recurring schedule starts.
    public var startSchedule: Timestamp?
    /// The unit of the limits.
    public var chargingRateUnit: ChargingRateUnit
    /// The periods, ordered by startPeriod.
    public var chargingSchedulePeriod: [ChargingSchedulePeriod]
    /// The lowest rate the EV supports (to avoid inefficient charging).
    public var minChargingRate: ChargingRate?

    /// Creates a schedule.
    public init(
        duration: Int? = nil, startSchedule: Timestamp? = nil, chargingRateUnit: ChargingRateUnit,
        chargingSchedulePeriod: [ChargingSchedulePeriod], minChargingRate: ChargingRate? = nil
    ) {
        self.duration = duration
        self.startSchedule = startSchedule
        self.chargingRateUnit = chargingRateUnit
        self.chargingSchedulePeriod = chargingSchedulePeriod
        self.minChargingRate = minChargingRate
    }
}

/// A charging profile (OCPP 1.6 ChargingProfile, `csChargingProfiles` in SetChargingProfile).
public struct ChargingProfile: OCPPPayload, Hashable {
    /// The profile's unique id.
    public var chargingProfileId: Int
    /// The transaction a TxProfile belongs to.
    public var transactionId: Int?
    /// Precedence within the purpose; higher wins.
    public var stackLevel: Int
    /// What the profile is for.
    public var chargingProfilePurpose: ChargingProfilePurpose
    /// How the schedule is anchored.
    public var chargingProfileKind: ChargingProfileKind
    /// Daily or weekly, for Recurring profiles.
    public var recurrencyKind: RecurrencyKind?
    /// The profile is not valid before this instant.
    public var validFrom: Timestamp?
    /// The profile is not valid after this instant.
    public var validTo: Timestamp?
    /// The limits over time.
    public var chargingSchedule: ChargingSchedule

    /// Creates a profile.
    public init(
        chargingProfileId: Int, transactionId: Int? = nil, stackLevel: Int, chargingProfilePurpose: ChargingProfilePurpose,
        chargingProfileKind: ChargingProfileKind, recurrencyKind: RecurrencyKind? = nil, validFrom: Timestamp? = nil,
        validTo: Timestamp? = nil, chargingSchedule: ChargingSchedule
    ) {
        self.chargingProfileId = chargingProfileId
        self.transactionId = transactionId
        self.stackLevel = stackLevel
        self.chargingProfilePurpose = chargingProfilePurpose
        self.chargingProfileKind = chargingProfileKind
        self.recurrencyKind = recurrencyKind
        self.validFrom = validFrom
        self.validTo = validTo
        self.chargingSchedule = chargingSchedule
    }
}
