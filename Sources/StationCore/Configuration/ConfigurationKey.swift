// The configuration keys the station knows, with their type, accessibility and validation:
// the registry that GetConfiguration and ChangeConfiguration answer from.

public import OCPP

/// A configuration key of OCPP 1.6 (Core, and the optional profiles as they are built).
public enum ConfigurationKey: String, Sendable, CaseIterable, Hashable, Codable {
    // Core (OCPP 1.6 section 9.1)
    case allowOfflineTxForUnknownId = "AllowOfflineTxForUnknownId"
    case authorizationCacheEnabled = "AuthorizationCacheEnabled"
    case authorizeRemoteTxRequests = "AuthorizeRemoteTxRequests"
    case blinkRepeat = "BlinkRepeat"
    case clockAlignedDataInterval = "ClockAlignedDataInterval"
    case connectionTimeOut = "ConnectionTimeOut"
    case connectorPhaseRotation = "ConnectorPhaseRotation"
    case connectorPhaseRotationMaxLength = "ConnectorPhaseRotationMaxLength"
    case getConfigurationMaxKeys = "GetConfigurationMaxKeys"
    case heartbeatInterval = "HeartbeatInterval"
    case lightIntensity = "LightIntensity"
    case localAuthorizeOffline = "LocalAuthorizeOffline"
    case localPreAuthorize = "LocalPreAuthorize"
    case maxEnergyOnInvalidId = "MaxEnergyOnInvalidId"
    case meterValuesAlignedData = "MeterValuesAlignedData"
    case meterValuesAlignedDataMaxLength = "MeterValuesAlignedDataMaxLength"
    case meterValuesSampledData = "MeterValuesSampledData"
    case meterValuesSampledDataMaxLength = "MeterValuesSampledDataMaxLength"
    case meterValueSampleInterval = "MeterValueSampleInterval"
    case minimumStatusDuration = "MinimumStatusDuration"
    case numberOfConnectors = "NumberOfConnectors"
    case resetRetries = "ResetRetries"
    case stopTransactionOnEVSideDisconnect = "StopTransactionOnEVSideDisconnect"
    case stopTransactionOnInvalidId = "StopTransactionOnInvalidId"
    case stopTxnAlignedData = "StopTxnAlignedData"
    case stopTxnAlignedDataMaxLength = "StopTxnAlignedDataMaxLength"
    case stopTxnSampledData = "StopTxnSampledData"
    case stopTxnSampledDataMaxLength = "StopTxnSampledDataMaxLength"
    case supportedFeatureProfiles = "SupportedFeatureProfiles"
    case supportedFeatureProfilesMaxLength = "SupportedFeatureProfilesMaxLength"
    case transactionMessageAttempts = "TransactionMessageAttempts"
    case transactionMessageRetryInterval = "TransactionMessageRetryInterval"
    case unlockConnectorOnEVSideDisconnect = "UnlockConnectorOnEVSideDisconnect"
    case webSocketPingInterval = "WebSocketPingInterval"
    // Local Auth List Management (OCPP 1.6 section 9.2)
    case localAuthListEnabled = "LocalAuthListEnabled"
    case localAuthListMaxLength = "LocalAuthListMaxLength"
    case sendLocalListMaxLength = "SendLocalListMaxLength"
    // Reservation (OCPP 1.6 section 9.3)
    case reserveConnectorZeroSupported = "ReserveConnectorZeroSupported"
    // Smart Charging (OCPP 1.6 section 9.4)
    case chargeProfileMaxStackLevel = "ChargeProfileMaxStackLevel"
    case chargingScheduleAllowedChargingRateUnit = "ChargingScheduleAllowedChargingRateUnit"
    case chargingScheduleMaxPeriods = "ChargingScheduleMaxPeriods"
    case connectorSwitch3to1PhaseSupported = "ConnectorSwitch3to1PhaseSupported"
    case maxChargingProfilesInstalled = "MaxChargingProfilesInstalled"
    // Firmware Management (OCPP 1.6 errata v4.0)
    case supportedFileTransferProtocols = "SupportedFileTransferProtocols"
    // Security extension (OCPP 1.6 Security Whitepaper)
    /// The security profile of the link (0-3); may only be raised.
    case securityProfile = "SecurityProfile"
    /// The HTTP Basic password of profiles 1 and 2. Write-only: never reported, never logged.
    case authorizationKey = "AuthorizationKey"
    /// The CPO's name, the O of the charge point certificate's subject.
    case cpoName = "CpoName"
    /// The most certificates the station stores (installed root certificates).
    case certificateStoreMaxLength = "CertificateStoreMaxLength"
    /// The most bytes a CertificateSigned chain may have.
    case certificateSignedMaxChainSize = "CertificateSignedMaxChainSize"
    /// Whether the whitepaper's additional root certificate check applies (not supported: false).
    case additionalRootCertificateCheck = "AdditionalRootCertificateCheck"
    // Vendor keys (the MAXERO-200QC has this one too: its certificate lists it)
    /// The most meter values a StopTransaction's transactionData carries: the Transaction.Begin
    /// and Transaction.End values always, the others between them thinned evenly to fit (and
    /// to fit `TransactionDataLog.maximumBytes`, whatever the key says).
    case stopTransactionMaxMeterValues = "StopTransactionMaxMeterValues"

    /// Who may read and write a key.
    public enum Access: Sendable {
        /// The central system may read it but not change it.
        case readOnly
        /// The central system may read and change it.
        case readWrite
        /// The central system may set it but never read its value (secrets).
        case writeOnly
    }

    /// What values a key takes.
    public enum Kind: Sendable {
        /// `true` or `false`.
        case boolean
        /// A whole number in the range (seconds, counts, Wh...).
        case integer(ClosedRange<Int>)
        /// A comma-separated list of measurands the station can measure; the companion
        /// `...MaxLength` key bounds the item count.
        case measurandList(maxLengthKey: ConfigurationKey)
        /// A comma-separated list of `connector.rotation` entries (ConnectorPhaseRotation).
        case phaseRotationList
        /// A comma-separated list of feature profiles (read-only).
        case profileList
        /// A comma-separated list of items, each one of `choices`.
        case choiceList(Set<String>)
        /// A secret of printable ASCII characters whose length lies in the range.
        case secret(ClosedRange<Int>)
        /// Free text whose UTF-8 length lies in the range.
        case text(ClosedRange<Int>)
    }

    /// The key's value kind.
    public var kind: Kind {
        switch self {
        case .allowOfflineTxForUnknownId, .authorizationCacheEnabled, .authorizeRemoteTxRequests, .localAuthorizeOffline,
             .localPreAuthorize, .stopTransactionOnEVSideDisconnect, .stopTransactionOnInvalidId, .unlockConnectorOnEVSideDisconnect,
             .localAuthListEnabled, .reserveConnectorZeroSupported, .connectorSwitch3to1PhaseSupported,
             .additionalRootCertificateCheck:
            .boolean
        case .chargingScheduleAllowedChargingRateUnit: .choiceList(["Current", "Power"])
        case .supportedFileTransferProtocols: .choiceList(["FTP", "FTPS", "HTTP", "HTTPS", "SFTP"])
        case .meterValuesAlignedData: .measurandList(maxLengthKey: .meterValuesAlignedDataMaxLength)
        case .meterValuesSampledData: .measurandList(maxLengthKey: .meterValuesSampledDataMaxLength)
        case .stopTxnAlignedData: .measurandList(maxLengthKey: .stopTxnAlignedDataMaxLength)
        case .stopTxnSampledData: .measurandList(maxLengthKey: .stopTxnSampledDataMaxLength)
        case .connectorPhaseRotation: .phaseRotationList
        case .supportedFeatureProfiles: .profileList
        case .lightIntensity: .integer(0...100)
        case .transactionMessageAttempts: .integer(1...100)
        case .getConfigurationMaxKeys, .numberOfConnectors, .connectorPhaseRotationMaxLength, .meterValuesAlignedDataMaxLength,
             .meterValuesSampledDataMaxLength, .stopTxnAlignedDataMaxLength, .stopTxnSampledDataMaxLength,
             .supportedFeatureProfilesMaxLength, .localAuthListMaxLength, .sendLocalListMaxLength, .chargingScheduleMaxPeriods,
             .maxChargingProfilesInstalled, .certificateStoreMaxLength, .certificateSignedMaxChainSize:
            .integer(1...Int(Int32.max))
        case .chargeProfileMaxStackLevel: .integer(0...Int(Int32.max))
        case .stopTransactionMaxMeterValues: .integer(2...Int(Int32.max))
        case .securityProfile: .integer(0...3)
        case .authorizationKey: .secret(16...40)
        case .cpoName: .text(1...500)
        case .blinkRepeat, .clockAlignedDataInterval, .connectionTimeOut, .heartbeatInterval, .maxEnergyOnInvalidId,
             .meterValueSampleInterval, .minimumStatusDuration, .resetRetries, .transactionMessageRetryInterval,
             .webSocketPingInterval:
            .integer(0...Int(Int32.max))
        }
    }

    /// Whether the central system may change the key.
    public var access: Access {
        switch self {
        case .authorizationKey:
            .writeOnly
        case .connectorPhaseRotationMaxLength, .getConfigurationMaxKeys, .meterValuesAlignedDataMaxLength,
             .meterValuesSampledDataMaxLength, .numberOfConnectors, .stopTxnAlignedDataMaxLength, .stopTxnSampledDataMaxLength,
             .supportedFeatureProfiles, .supportedFeatureProfilesMaxLength, .localAuthListMaxLength, .sendLocalListMaxLength,
             .reserveConnectorZeroSupported, .chargeProfileMaxStackLevel, .chargingScheduleAllowedChargingRateUnit,
             .chargingScheduleMaxPeriods, .connectorSwitch3to1PhaseSupported, .maxChargingProfilesInstalled,
             .supportedFileTransferProtocols, .certificateStoreMaxLength, .certificateSignedMaxChainSize,
             .additionalRootCertificateCheck:
            .readOnly
        default:
            .readWrite
        }
    }

    /// The feature profile that defines the key.
    public var profile: FeatureProfile {
        switch self {
        case .securityProfile, .authorizationKey, .cpoName, .certificateStoreMaxLength, .certificateSignedMaxChainSize,
             .additionalRootCertificateCheck:
            .security
        case .localAuthListEnabled, .localAuthListMaxLength, .sendLocalListMaxLength: .localAuthListManagement
        case .reserveConnectorZeroSupported: .reservation
        case .chargeProfileMaxStackLevel, .chargingScheduleAllowedChargingRateUnit, .chargingScheduleMaxPeriods,
             .connectorSwitch3to1PhaseSupported, .maxChargingProfilesInstalled:
            .smartCharging
        case .supportedFileTransferProtocols: .firmwareManagement
        default: .core
        }
    }

    /// Whether a change takes effect only after a reboot: the link reads WebSocketPingInterval
    /// when it connects. (SecurityProfile and AuthorizationKey are Accepted: the station
    /// reconnects with them at once, as the Security Whitepaper says.)
    public var requiresReboot: Bool {
        switch self {
        case .webSocketPingInterval: true
        default: false
        }
    }

    /// Whether the specification requires the key (optional keys may be absent from a station).
    public var isRequired: Bool {
        switch self {
        case .allowOfflineTxForUnknownId, .authorizationCacheEnabled, .blinkRepeat, .connectorPhaseRotationMaxLength,
             .lightIntensity, .maxEnergyOnInvalidId, .meterValuesAlignedDataMaxLength, .meterValuesSampledDataMaxLength,
             .minimumStatusDuration, .stopTxnAlignedDataMaxLength, .stopTxnSampledDataMaxLength,
             .supportedFeatureProfilesMaxLength, .webSocketPingInterval, .stopTransactionMaxMeterValues, .securityProfile,
             .authorizationKey, .reserveConnectorZeroSupported, .connectorSwitch3to1PhaseSupported, .supportedFileTransferProtocols,
             .cpoName, .certificateStoreMaxLength, .certificateSignedMaxChainSize, .additionalRootCertificateCheck:
            false
        default:
            true
        }
    }
}
