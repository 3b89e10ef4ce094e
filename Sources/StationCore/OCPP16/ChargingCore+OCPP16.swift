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

extension IdentifierInfo {
    /// The information of a 1.6 idTagInfo.
    public init(_ info: IdTagInfo) {
        let status: IdentifierStatus = switch info.status {
        case .accepted: .accepted
        case .blocked: .blocked
        case .expired: .expired
        case .invalid: .invalid
        case .concurrentTx: .concurrentTx
        }
        self.init(status: status, expiry: info.expiryDate.map(WallClockTime.init), group: info.parentIdTag.map { IdentifierToken($0) })
    }

    /// As a 1.6 idTagInfo.
    public var idTagInfo: IdTagInfo {
        let status: AuthorizationStatus = switch self.status {
        case .accepted: .accepted
        case .blocked: .blocked
        case .expired: .expired
        case .invalid: .invalid
        case .concurrentTx: .concurrentTx
        }
        return IdTagInfo(status: status, expiryDate: expiry.map(Timestamp.init), parentIdTag: group?.idTag)
    }
}

extension AuthorizationPolicy {
    /// The policy the 1.6 keys set: AuthorizationCacheEnabled, LocalPreAuthorize,
    /// LocalAuthorizeOffline and AllowOfflineTxForUnknownId.
    public init(_ configuration: Configuration) {
        self.init(
            cacheEnabled: configuration.bool(.authorizationCacheEnabled), localPreAuthorize: configuration.bool(.localPreAuthorize),
            localAuthorizeOffline: configuration.bool(.localAuthorizeOffline), allowOfflineForUnknown: configuration.bool(.allowOfflineTxForUnknownId)
        )
    }

    /// The 1.6 decision for an idTag (list and cache entries as idTagInfo, time as a Timestamp).
    func decide(listed: IdTagInfo?, cached: IdTagInfo?, online: Bool, now: Timestamp) -> Decision {
        decide(listed: listed.map(IdentifierInfo.init), cached: cached.map(IdentifierInfo.init), online: online, now: WallClockTime(now))
    }

    /// The 1.6 decision without an answer of the central system.
    func decideWithoutAnswer(listed: IdTagInfo?, cached: IdTagInfo?, now: Timestamp) -> Decision {
        decideWithoutAnswer(listed: listed.map(IdentifierInfo.init), cached: cached.map(IdentifierInfo.init), now: WallClockTime(now))
    }

    /// An idTagInfo as it stands at `now` (accepted past its expiry: Expired).
    static func effective(_ info: IdTagInfo, now: Timestamp) -> IdTagInfo {
        effective(IdentifierInfo(info), now: WallClockTime(now)).idTagInfo
    }
}
