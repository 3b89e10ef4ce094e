// A whole station in one process for tests: simulated hardware, the station, its OCPP client on
// a loopback to a CSMS double, a store, and a manual clock. Boots and resets go through the same
// StationSupervisor as `station run`; a power loss drops everything but the store and the hardware.

public import CentralSystem
import OCPP
public import StationCore
import StationHAL
public import StationSimulation
import StationStorage

/// A station under test. Create, `start()`, drive through `hardware` and `csms`, advance `clock`.
public final class StationHarness: Sendable {
    public let clock: ManualClock
    public let csms: CSMSDouble
    public let hardware: SimulatedStation
    private let storeBox: Locked<any StationStore>

    /// The store the station runs on.
    public var store: any StationStore { storeBox.value }
    public let settings: StationSettings
    private let clientSettings: ClientSettings
    private let logLines = Locked<[String]>([])

    /// The station's and the link's log lines so far.
    public var log: [String] { logLines.withLock { $0 } }

    private struct Running {
        var client: CentralSystemClient<ManualClock>
        var tasks: [Task<Void, Never>]
    }

    private let running = Locked<Running?>(nil)
    /// Boots, reboots and relays hardware events, as for `station run`; lives as the hardware does.
    private let supervisor: StationSupervisor<ManualClock>
    /// The Firmware Management services the station is built with (nil: not supported).
    public let files: FileServices?
    /// The thread every task of the station and its link runs on, whose idleness `settle()` and
    /// each step of `advance` wait for (no yields, no real sleeps).
    public let world = VirtualTimeWorld()
    /// The charge point's key material (Security extension), kept across resets.
    public let secrets = InMemorySecretFiles()

    /// A harness for the MAXERO-200QC profile (or `profile`) with configuration `overrides`. By
    /// default a reset closes the connection without `ClientSettings.rebootDelay`, so that a
    /// reboot needs no virtual time.
    public init(
        profile: SimulatedStationProfile = .maxero200QC, overrides: [ConfigurationKey: String] = [:], store: (any StationStore)? = nil,
        clock: ManualClock = ManualClock(), csms: CSMSDouble? = nil, hardware: SimulatedStation? = nil, clientSettings: ClientSettings = ClientSettings(rebootDelay: .zero),
        files: FileServices? = nil
    ) {
        self.clientSettings = clientSettings
        self.files = files
        self.clock = clock
        self.csms = csms ?? CSMSDouble(now: { [clock] in Timestamp(clock.wallTime) })
        let hardware = hardware ?? SimulatedStation(profile: profile, clock: clock)
        self.hardware = hardware
        storeBox = Locked(store ?? InMemoryStationStore())
        var defaults = StationSettings.maxeroDefaults
        defaults.merge(overrides) { _, new in new }
        var stationSettings = StationSettings(
            identity: BootNotification.Request(chargePointVendor: "MAXERO", chargePointModel: "200QC", chargePointSerialNumber: "MX-TEST-1", firmwareVersion: "1.0.0"),
            configurationDefaults: defaults, dataTransferVendors: ["com.maxero": ["ping"]]
        )
        stationSettings.chargePointId = "CP-TEST-1"
        settings = stationSettings
        let (settings, storeBox, logLines, world, secrets) = (settings, storeBox, logLines, world, secrets)
        clock.settle(with: { await world.idle() })
        supervisor = StationTask.$executor.withValue(world) {
            StationSupervisor(hardware: hardware) { link throws(StationStartError) in
                try Station(settings: settings, hardware: hardware, store: storeBox.value, link: link, clock: clock, files: files, secrets: secrets) { line in
                    logLines.withLock { $0.append(line) }
                }
            }
        }
    }

    deinit {
        world.stop()
    }

    /// The running station.
    public var station: Station<ManualClock> { supervisor.station! }

    /// The running client.
    public var client: CentralSystemClient<ManualClock> { running.withLock { $0!.client } }

    /// How many times the station was built (1 after start, +1 per reset or power loss).
    public var bootCount: Int { supervisor.bootCount }

    /// Builds and runs the station and its client (on `store` when given: e.g. the same file
    /// opened again after a power cut). Resets are in-process reboots on the same store,
    /// hardware and link client, over a new connection.
    public func start(store replacement: (any StationStore)? = nil) async throws {
        if let replacement { storeBox.withLock { $0 = replacement } }
        let client = CentralSystemClient(
            transport: csms.transport, store: store, clock: clock, settings: clientSettings,
            log: { [logLines] line in logLines.withLock { $0.append("link: " + line) } }, random: SeededGenerator(seed: 0x0C99)
        )
        let first = try await supervisor.boot(on: client)
        let clientTask = world.start { await client.run() }
        let stationTask = world.start { [supervisor] in await supervisor.run(on: client, first: first) }
        running.withLock { $0 = Running(client: client, tasks: [clientTask, stationTask]) }
        await settle()
    }

    /// Stops everything at once, as a power cut or kill -9 would: nothing is written on the way
    /// down. The store and the hardware (with its vehicles and meters) remain.
    public func cutPower() async {
        let stopped = running.withLock { state -> Running? in
            defer { state = nil }
            return state
        }
        for task in stopped?.tasks ?? [] { task.cancel() }
        for task in stopped?.tasks ?? [] { await task.value }
        supervisor.stopped()
        await csms.dropConnection()
    }

    /// Stops the station and its client (end of a test).
    public func stop() async { await cutPower() }

    /// Lets everything the last input woke run until the station, its link and the CSMS double
    /// all wait again (the world is idle).
    public func settle() async {
        await clock.settle()
    }

    /// Whether `condition` holds once the station has done what it can (the world is idle),
    /// letting work outside the world (the test's own tasks) have its turns in between; bounded,
    /// and no real time passes.
    public func eventually(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<50 {
            if await condition() { return true }
            await settle()
            await Task.yield()
        }
        return await condition()
    }

    /// Advances virtual time by `duration`, letting every timer that falls due run.
    public func advance(_ duration: Duration) async {
        await clock.advance(by: duration)
    }
}
