// The catalogue of actions: one case per OCPP 1.6 action, who sends it and its feature profile.

/// An OCPP 1.6 action name, as it stands in a CALL frame.
public enum Action: String, Sendable, CaseIterable, Hashable {
    // Core
    case authorize = "Authorize"
    case bootNotification = "BootNotification"
    case changeAvailability = "ChangeAvailability"
    case changeConfiguration = "ChangeConfiguration"
    case clearCache = "ClearCache"
    case dataTransfer = "DataTransfer"
    case getConfiguration = "GetConfiguration"
    case heartbeat = "Heartbeat"
    case meterValues = "MeterValues"
    case remoteStartTransaction = "RemoteStartTransaction"
    case remoteStopTransaction = "RemoteStopTransaction"
    case reset = "Reset"
    case startTransaction = "StartTransaction"
    case statusNotification = "StatusNotification"
    case stopTransaction = "StopTransaction"
    case unlockConnector = "UnlockConnector"
    // Firmware Management
    case diagnosticsStatusNotification = "DiagnosticsStatusNotification"
    case firmwareStatusNotification = "FirmwareStatusNotification"
    case getDiagnostics = "GetDiagnostics"
    case updateFirmware = "UpdateFirmware"
    // Local Auth List Management
    case getLocalListVersion = "GetLocalListVersion"
    case sendLocalList = "SendLocalList"
    // Reservation
    case cancelReservation = "CancelReservation"
    case reserveNow = "ReserveNow"
    // Smart Charging
    case clearChargingProfile = "ClearChargingProfile"
    case getCompositeSchedule = "GetCompositeSchedule"
    case setChargingProfile = "SetChargingProfile"
    // Remote Trigger
    case triggerMessage = "TriggerMessage"
    // Security extension
    case certificateSigned = "CertificateSigned"
    case deleteCertificate = "DeleteCertificate"
    case extendedTriggerMessage = "ExtendedTriggerMessage"
    case getInstalledCertificateIds = "GetInstalledCertificateIds"
    case getLog = "GetLog"
    case installCertificate = "InstallCertificate"
    case logStatusNotification = "LogStatusNotification"
    case securityEventNotification = "SecurityEventNotification"
    case signCertificate = "SignCertificate"
    case signedFirmwareStatusNotification = "SignedFirmwareStatusNotification"
    case signedUpdateFirmware = "SignedUpdateFirmware"

    /// Who sends this action's request.
    public var initiator: Initiator {
        switch self {
        case .authorize, .bootNotification, .heartbeat, .meterValues, .startTransaction, .statusNotification,
             .stopTransaction, .diagnosticsStatusNotification, .firmwareStatusNotification, .logStatusNotification,
             .securityEventNotification, .signCertificate, .signedFirmwareStatusNotification:
            .chargePoint
        case .dataTransfer:
            .either
        default:
            .centralSystem
        }
    }

    /// The feature profile (or the security extension) that defines this action.
    public var profile: FeatureProfile {
        switch self {
        case .authorize, .bootNotification, .changeAvailability, .changeConfiguration, .clearCache, .dataTransfer,
             .getConfiguration, .heartbeat, .meterValues, .remoteStartTransaction, .remoteStopTransaction, .reset,
             .startTransaction, .statusNotification, .stopTransaction, .unlockConnector:
            .core
        case .diagnosticsStatusNotification, .firmwareStatusNotification, .getDiagnostics, .updateFirmware:
            .firmwareManagement
        case .getLocalListVersion, .sendLocalList:
            .localAuthListManagement
        case .cancelReservation, .reserveNow:
            .reservation
        case .clearChargingProfile, .getCompositeSchedule, .setChargingProfile:
            .smartCharging
        case .triggerMessage:
            .remoteTrigger
        case .certificateSigned, .deleteCertificate, .extendedTriggerMessage, .getInstalledCertificateIds, .getLog,
             .installCertificate, .logStatusNotification, .securityEventNotification, .signCertificate,
             .signedFirmwareStatusNotification, .signedUpdateFirmware:
            .security
        }
    }
}
