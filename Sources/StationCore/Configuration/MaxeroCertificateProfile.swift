// The MAXERO-200QC profile's configuration: the charger's OCPP 1.6 certificate table, key by key,
// and the keys this station has beyond it. The station's defaults are built from these two tables.

/// The configuration key values of the MAXERO-200QC profile, the station's defaults.
///
/// Source: the MAXERO-200QC's OCPP 1.6 certificate (Open Charge Alliance, OCTT 1.6 v1.4.3,
/// April 2023), whose configuration table lists the charger's value for each key or "-" where the
/// charger does not have the key. ``certificateTable`` mirrors the keys that table gives a value
/// for; ``stationAdditions`` holds the keys this station has that the table marks "-" (or gives
/// no value for), with the reason each one is there. A key is in one table or the other, never
/// both, and a test compares GetConfiguration on the shipped configuration files with
/// ``certificateTable``, so the defaults cannot drift from the certificate unnoticed.
///
/// SecurityProfile and AuthorizationKey are in neither: their starting values come from the
/// `csms` section of the station file (the link's security), not from a profile. The optional
/// BlinkRepeat, LightIntensity, ConnectorSwitch3to1PhaseSupported and MaxEnergyOnInvalidId are
/// in neither either: the station does not have them.
public enum MaxeroCertificateProfile {
    /// The certificate's configuration table: every key it lists with a value, and that value.
    public static let certificateTable: [ConfigurationKey: String] = [
        .heartbeatInterval: "20",
        .meterValueSampleInterval: "20",
        .clockAlignedDataInterval: "10000",
        .connectionTimeOut: "1000",
        .getConfigurationMaxKeys: "20",
        .resetRetries: "1",
        .transactionMessageAttempts: "1",
        .transactionMessageRetryInterval: "200",
        // The charger keeps every meter value of a transaction for StopTransaction; this
        // station bounds the frame by bytes instead (see `TransactionDataLog`).
        .stopTransactionMaxMeterValues: "2147483647",
        .meterValuesAlignedDataMaxLength: "10000",
        .meterValuesSampledDataMaxLength: "10000",
        .stopTxnAlignedDataMaxLength: "10000",
        .stopTxnSampledDataMaxLength: "10000",
        .authorizeRemoteTxRequests: "true",
        .stopTransactionOnEVSideDisconnect: "true",
        .stopTransactionOnInvalidId: "false",
        .unlockConnectorOnEVSideDisconnect: "false",
        .allowOfflineTxForUnknownId: "false",
        .authorizationCacheEnabled: "false",
        .localAuthorizeOffline: "false",
        .localPreAuthorize: "false",
        .localAuthListEnabled: "true",
        .reserveConnectorZeroSupported: "true",
    ]

    /// The keys this station has beyond the certificate's table, with their default values.
    public static let stationAdditions: [ConfigurationKey: String] = [
        // Keys every OCPP 1.6 station reports, whose values describe this station's hardware
        // and build (NumberOfConnectors and SupportedFeatureProfiles are set from them at start).
        .numberOfConnectors: "2",
        .supportedFeatureProfiles: "Core",
        .supportedFeatureProfilesMaxLength: "6",
        .connectorPhaseRotation: "0.RST,1.RST,2.RST",
        .connectorPhaseRotationMaxLength: "3",
        .meterValuesSampledData: "Energy.Active.Import.Register",
        .meterValuesAlignedData: "Energy.Active.Import.Register",
        .stopTxnSampledData: "Energy.Active.Import.Register",
        .stopTxnAlignedData: "Energy.Active.Import.Register",
        // Optional Core keys: status debouncing (off) and the link's WebSocket ping.
        .minimumStatusDuration: "0",
        .webSocketPingInterval: "60",
        // The limits of the optional profiles this station implements in full.
        .localAuthListMaxLength: "10000",
        .sendLocalListMaxLength: "1000",
        .chargeProfileMaxStackLevel: "10",
        .chargingScheduleAllowedChargingRateUnit: "Current,Power",
        .chargingScheduleMaxPeriods: "48",
        .maxChargingProfilesInstalled: "32",
        .supportedFileTransferProtocols: "FTP,HTTP,HTTPS",
    ]

    /// The default configuration: the certificate's table and the station's additions.
    public static var defaults: [ConfigurationKey: String] {
        certificateTable.merging(stationAdditions) { certificate, _ in certificate }
    }
}
