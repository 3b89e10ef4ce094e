// `station fleet`: N stations of a fleet configuration in one process, on one clock, the one
// swift-nio event-loop group and one store, connecting at the configured ramp-up rate. Runs as a
// service until graceful shutdown.

import FoundationEssentials
public import ServiceLifecycle
import StationCore
import StationHAL
import StationLinux
import StationStorage

/// Options of `station fleet` that choose and override.
public struct FleetOptions: Sendable {
    /// How many stations the whole fleet has (all shards together).
    public var count: Int
    /// The first station's number.
    public var first: Int
    /// Overrides the file's id template.
    public var idTemplate: String?
    /// Overrides every station file's csms.url.
    public var csmsURL: String?
    /// The data directory (fleet.sqlite).
    public var dataDirectory: String
    /// This process's slice.
    public var shard: Shard
    /// Overrides the file's fleet.sessions.enabled.
    public var sessions: Bool?
    /// Overrides the file's fleet.sessions.seed.
    public var seed: UInt64?
    /// `--ocpp-version`: overrides every station kind's `csms.ocppVersion` (1.6 or 2.0.1).
    public var ocppVersion: String? = nil

    /// Creates the options.
    public init(
        count: Int, first: Int = 1, idTemplate: String? = nil, csmsURL: String? = nil, dataDirectory: String, shard: Shard = .whole,
        sessions: Bool? = nil, seed: UInt64? = nil
    ) {
        self.count = count
        self.first = first
        self.idTemplate = idTemplate
        self.csmsURL = csmsURL
        self.dataDirectory = dataDirectory
        self.shard = shard
        self.sessions = sessions
        self.seed = seed
    }
}

/// The stations of one fleet process. Safe to use from any isolation.
public final class StationFleet: Service {
    /// The stations, in number order.
    public let stations: [FleetStation]
    private let byId: [String: FleetStation]
    private let rampUpPerSecond: Double
    private let clock = SystemClock()
    /// The shared SQLite store (nil with `store: memory`).
    let store: SQLiteFleetStore?
    /// The seed of the fleet's random choices (which stations a network drop cuts).
    let seed: UInt64
    /// The metrics of all the stations together (GET /metrics): no series per station.
    public let metrics = StationMetrics()

    /// Builds the stations of `configuration` that `options` select. Throws with a message naming
    /// what is wrong, before anything connects (also when the open-file limit is too low).
    public init(configuration: FleetConfiguration, options: FleetOptions, log: @escaping @Sendable (String) -> Void) throws(FleetError) {
        guard options.count >= 1 else { throw FleetError("--count \(options.count): expected 1 or more stations") }
        let template = try IdTemplate(options.idTemplate ?? configuration.idTemplate)
        let numbers = options.shard.numbers(first: options.first, total: options.count)
        try FileDescriptorLimit.ensure(stations: numbers.count)
        var profile = configuration.sessions
        if let enabled = options.sessions { profile.enabled = enabled }
        if let seed = options.seed { profile.seed = seed }
        seed = profile.seed
        rampUpPerSecond = configuration.rampUpPerSecond
        // A wrong --ocpp-version is refused before the store is made.
        if let version = options.ocppVersion, OCPPVersion(rawValue: version) == nil {
            throw FleetError("--ocpp-version '\(version)': expected \(OCPPVersion.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or "))")
        }

        let storeFor: (String) -> any StationStore
        switch configuration.store {
        case .memory:
            store = nil
            storeFor = { _ in InMemoryStationStore() }
        case .sqlite:
            do {
                try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
                let shared = try SQLiteFleetStore(path: options.dataDirectory + "/fleet.sqlite")
                store = shared
                storeFor = { shared.rows(of: $0) }
            } catch {
                throw FleetError("cannot open the fleet store in \(options.dataDirectory): \(error)")
            }
        }
        // Each kind's settings and board are read once, not once per station; its stations share
        // one validated configuration of its defaults until the central system changes a key.
        var kinds: [String: (settings: StationSettings, board: BoardDescription)] = [:]
        for kind in configuration.templates {
            do {
                var settings = try kind.station.settings()
                settings.sharedDefaults = SharedConfigurationDefaults()
                kinds[kind.name] = (settings, try BoardDescription.load(path: kind.station.resolve(kind.station.hardware.board)))
            } catch {
                throw FleetError("template \(kind.name): \(error)")
            }
        }
        var stations: [FleetStation] = []
        stations.reserveCapacity(numbers.count)
        var byId: [String: FleetStation] = [:]
        for number in numbers {
            let kind = configuration.template(of: number)
            let id = template.id(number)
            guard !id.isEmpty, id.utf8.count <= 48 else { throw FleetError("station \(number): id '\(id)' is not 1 to 48 characters") }
            guard byId[id] == nil else { throw FleetError("the id template gives '\(id)' to two stations") }
            let (settings, board) = kinds[kind.name]!
            let station = try FleetStation(
                number: number, chargePointId: id, template: kind, settings: settings, board: board, csmsURL: options.csmsURL,
                store: storeFor(id), clock: clock, sessions: profile, metrics: metrics, log: log,
                ocppVersion: options.ocppVersion
            )
            stations.append(station)
            byId[id] = station
        }
        self.stations = stations
        self.byId = byId
    }

    /// The station named `chargePointId`, if this process runs it.
    public func station(_ chargePointId: String) -> FleetStation? { byId[chargePointId] }

    /// Runs every station (starting `rampUpPerSecond` a second) until graceful shutdown.
    public func run() async throws {
        let all = Task { await self.runStations() }
        await withTaskCancellationHandler {
            try? await gracefulShutdown()
        } onCancel: {}
        all.cancel()
        _ = await all.value
    }

    private func runStations() async {
        let start = clock.now
        await withTaskGroup(of: Void.self) { group in
            for (index, station) in stations.enumerated() {
                let due = start.advanced(by: .seconds(Double(index) / rampUpPerSecond))
                if due > clock.now {
                    do {
                        try await clock.sleep(until: due, tolerance: nil)
                    } catch {
                        break
                    }
                }
                group.addTask { await station.run() }
            }
            await group.waitForAll()
        }
    }

    /// Cuts (`online` false) or restores the network of `fraction` of the stations together; the
    /// stations are chosen by a shuffle seeded with the fleet's seed, among those whose network is
    /// not in the wanted state yet. Returns how many were switched.
    public func setNetwork(online: Bool, fraction: Double) async -> Int {
        var random = FleetRandom(seed: seed ^ 0x6E65_7477_6F72_6B)
        let candidates = stations.filter { $0.network.isOnline != online }.shuffled(using: &random)
        let chosen = candidates.prefix(Int((Double(stations.count) * fraction).rounded(.up)))
        await withTaskGroup(of: Void.self) { group in
            for station in chosen { group.addTask { await station.network.setOnline(online) } }
        }
        return chosen.count
    }

    /// Switches the automatic sessions of every station.
    public func setSessions(enabled: Bool) {
        for station in stations { station.sessions.setEnabled(enabled) }
    }
}
