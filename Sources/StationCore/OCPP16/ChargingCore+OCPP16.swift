// The OCPP 1.6 words for the charging core's facts: a connector's phase as ChargePointStatus, a
// device fault as ChargePointErrorCode, a stop reason as Reason, identifiers as idTags and
// wall-clock instants as Timestamps. The one place where core values meet 1.6 wire types.

public import ChargingCore
public import OCPP
public import StationHAL

extension ConnectorPhase {
    /// The 1.6 status (one to one).
    public var ocpp16Status: ChargePointStatus {
        switch self {
        case .available: .available
        case .preparing: .preparing
        case .charging: .charging
        case .suspendedByVehicle: .suspendedEV
        case .suspendedByStation: .suspendedEVSE
        case .finishing: .finishing
        case .reserved: .reserved
        case .unavailable: .unavailable
        case .faulted: .faulted
        }
    }
}

extension ConnectorStateMachine {
    /// The status this connector reports in StatusNotification.
    public var status: ChargePointStatus { phase.ocpp16Status }

    /// The error code to report with the status (NoError without a fault).
    public var errorCode: ChargePointErrorCode { reportedFault?.errorCode ?? .noError }
}

extension DeviceFault {
    /// The OCPP error code reported for this fault (the emergency stop has none of its own:
    /// OtherError, with the fault named in `info`).
    public var errorCode: ChargePointErrorCode {
        ChargePointErrorCode(rawValue: rawValue) ?? .otherError
    }
}

extension StopReason {
    /// The 1.6 StopTransaction reason (one to one).
    public var ocpp16Reason: Reason {
        switch self {
        case .local: .local
        case .remote: .remote
        case .evDisconnected: .evDisconnected
        case .emergencyStop: .emergencyStop
        case .powerLoss: .powerLoss
        case .hardReset: .hardReset
        case .softReset: .softReset
        case .reboot: .reboot
        case .unlockCommand: .unlockCommand
        case .deAuthorized: .deAuthorized
        case .other: .other
        }
    }
}

extension AvailabilityChange {
    /// The ChangeAvailability answer for this change.
    public var ocpp16Status: ChangeAvailability.AvailabilityStatus {
        switch self {
        case .applied: .accepted
        case .scheduled: .scheduled
        }
    }
}

extension IdentifierToken {
    /// The identifier of a 1.6 idTag.
    public init(_ idTag: IdToken) { self.init(idTag.value) }

    /// As a 1.6 idTag. Identifiers the station takes from 1.6 messages or its reader are at most
    /// 20 characters (longer cards are refused at the reader), so nothing is cut in practice.
    public var idTag: IdToken { IdToken(truncating: value) }
}

extension Timestamp {
    /// The instant of a core wall-clock time.
    public init(_ time: WallClockTime) { self.init(millisecondsSince1970: time.millisecondsSince1970) }
}

extension WallClockTime {
    /// The instant of a 1.6 timestamp.
    public init(_ timestamp: Timestamp) { self.init(millisecondsSince1970: timestamp.millisecondsSince1970) }
}
