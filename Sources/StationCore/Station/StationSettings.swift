// What a station is, from its configuration file: identity for BootNotification, configuration
// key defaults, what its meters measure, and the vendors it talks DataTransfer with; and the
// snapshot the control API shows.

public import OCPP

/// Everything the Station needs to know about itself besides its ports.
public struct StationSettings: Sendable {
    /// The identity reported in BootNotification (vendor, model, serial numbers, firmware).
    public var identity: BootNotification.Request
    /// Configuration key defaults (every required Core key).
    public var configurationDefaults: [ConfigurationKey: String]
    /// The measurands the hardware can measure.
    public var supportedMeasurands: Set<Measurand>
    /// The most a connector can deliver, W.
    public var maximumPowerW: Double
    /// DataTransfer vendor ids this station knows, with the message ids it knows for each.
    public var dataTransferVendors: [String: Set<String>]
    /// How long to wait before sending BootNotification again after it got no answer.
    public var bootRetryInterval: Duration
    /// The supply that converts charging limits between A and W (nominal voltage, phases).
    public var supply: ElectricalSupply
    /// The charge point id the link connects with (the CN of the charge point certificate's CSR).
    public var chargePointId = ""
    /// The PEM certificates of the station file's central system CA (`csms.caCertificate`), which
    /// a CertificateSigned chain may end in besides the installed CentralSystemRootCertificates.
    public var configuredCentralSystemRoots = ""
    /// The most entries the security log keeps (the oldest are dropped first).
    public var securityLogCapacity: Int = 1000
    /// Where stations built from copies of these settings keep one validated configuration of
    /// the defaults to share (a fleet's stations of one kind); nil: each station builds its own.
    public var sharedDefaults: SharedConfigurationDefaults?

    /// Creates the settings.
    public init(
        identity: BootNotification.Request, configurationDefaults: [ConfigurationKey: String], supportedMeasurands: Set<Measurand> = MeterSampling.dcMeasurands,
        maximumPowerW: Double = 100_000, dataTransferVendors: [String: Set<String>] = [:], bootRetryInterval: Duration = .seconds(30),
        supply: ElectricalSupply = ElectricalSupply(nominalVoltageV: 230, phases: 3)
    ) {
        self.supply = supply
        self.identity = identity
        self.configurationDefaults = configurationDefaults
        self.supportedMeasurands = supportedMeasurands
        self.maximumPowerW = maximumPowerW
        self.dataTransferVendors = dataTransferVendors
        self.bootRetryInterval = bootRetryInterval
    }

    /// The configuration key values of the MAXERO-200QC profile (the default profile): the
    /// certificate's table and the keys the station adds, from ``MaxeroCertificateProfile``.
    public static var maxeroDefaults: [ConfigurationKey: String] { MaxeroCertificateProfile.defaults }
}

/// The station as the control API and tests see it.
public struct StationSnapshot: Sendable, Equatable {
    /// One connector.
    public struct Connector: Sendable, Equatable {
        public var id: Int
        public var status: ChargePointStatus
        public var errorCode: ChargePointErrorCode
        /// The central system's id of the running transaction, once known.
        public var transactionId: Int?
        /// Whether a transaction runs (its central-system id may not be known yet).
        public var transactionRunning: Bool
        public var meterWh: Double
        public var powerW: Double
        /// The idTag that started the running transaction.
        public var idTag: String? = nil
    }

    /// Registration with the central system: nil until BootNotification was answered.
    public var registration: BootNotification.RegistrationStatus?
    public var connected: Bool
    public var connectors: [Connector]
    public var queuedMessages: Int
}
