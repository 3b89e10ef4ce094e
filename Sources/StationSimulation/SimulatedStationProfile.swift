// What a simulated station is made of: how many connectors, cable or socket, power ratings,
// station limit and the EV that is plugged in by default.

public import StationHAL

/// The make-up of a simulated station.
public struct SimulatedStationProfile: Sendable, Equatable {
    /// Number of connectors.
    public var connectorCount: Int
    /// Fixed cables (no lock) or socket outlets with a lock.
    public var hasFixedCables: Bool
    /// Each connector's power module.
    public var powerModule: PowerModuleRatings
    /// How fast the power modules ramp, W per second.
    public var rampRateWPerSecond: Double
    /// The cabinet's total limit, W, shared by the connectors in proportion to demand.
    public var stationMaximumPowerW: Double
    /// The EV plugged in when `plug` names none.
    public var vehicle: EVModel
    /// The meters' register at start, Wh.
    public var initialMeterWh: Double

    /// Creates a profile.
    public init(
        connectorCount: Int, hasFixedCables: Bool, powerModule: PowerModuleRatings, rampRateWPerSecond: Double = 20_000,
        stationMaximumPowerW: Double, vehicle: EVModel = EVModel(), initialMeterWh: Double = 0
    ) {
        self.connectorCount = connectorCount
        self.hasFixedCables = hasFixedCables
        self.powerModule = powerModule
        self.rampRateWPerSecond = rampRateWPerSecond
        self.stationMaximumPowerW = stationMaximumPowerW
        self.vehicle = vehicle
        self.initialMeterWh = initialMeterWh
    }

    /// The MAXERO-200QC: two fixed-cable connectors, 100 kW each, 200 kW for the station.
    public static let maxero200QC = SimulatedStationProfile(
        connectorCount: 2, hasFixedCables: true, powerModule: .maxero100kW, stationMaximumPowerW: 200_000
    )

    /// The MAXERO-200QC with socket outlets (each with a lock) instead of fixed cables.
    public static let maxero200QCSockets: SimulatedStationProfile = {
        var profile = maxero200QC
        profile.hasFixedCables = false
        return profile
    }()
}
