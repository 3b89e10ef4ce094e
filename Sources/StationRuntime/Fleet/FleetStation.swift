// One station of a fleet: the same Station core, supervisor and OCPP client as `station run`,
// with its own identity, configuration keys, connection and transaction queue, on the fleet's
// clock, event-loop group and store. It offers no Firmware Management (no files per station).
// A station whose file says `csms.ocppVersion: "2.0.1"` runs `station run`'s 2.0.1 runtime instead.

import CentralSystem
import OCPP
public import StationCore
public import StationHAL
public import StationLinux
import StationSimulation

/// A fleet member. Safe to use from any isolation.
public final class FleetStation: Sendable {
    /// The station's number in the fleet's id range.
    public let number: Int
    /// Its charge point id.
    public let chargePointId: String
    /// The name of its kind (the fleet file's template).
    public let templateName: String
    /// Its simulated hardware.
    public let assembled: AssembledStation
    /// Its last OCPP frames, classified: GET .../log and the dashboard's live log read them, the
    /// fleet's metrics count them. The one copy of its frames (no separate traffic log).
    public let frames: FrameFeed
    /// Its network switch (POST /api/network, POST /api/fleet/network).
    public let network: SwitchableTransport
    /// Its automatic sessions.
    public let sessions: SessionGenerator<SystemClock>
    /// Its station and link, of the version it speaks.
    let runtime: FleetRuntime

    /// The station and link of one OCPP version: only that version's parts are built.
    enum FleetRuntime: Sendable {
        /// OCPP 1.6: the supervised station on its client.
        case v16(client: CentralSystemClient<SystemClock>, supervisor: StationSupervisor<SystemClock>)
        /// OCPP 2.0.1: the runtime of `station run` (station rebuilt after each Reset, and its link).
        case v201(OCPP201Runtime)
    }

    /// The 2.0.1 station and link (nil: the station speaks 1.6).
    var ocpp201: OCPP201Runtime? {
        if case .v201(let runtime) = runtime { runtime } else { nil }
    }

    /// Builds station `number` named `chargePointId` of kind `template`, with `settings` (the
    /// kind's, computed once), `board` (the kind's, loaded once) and `store` (its rows); its frames
    /// and connections are counted in `metrics`, which the fleet's stations share. `ocppVersion`
    /// (`--ocpp-version`) overrides the kind's `csms.ocppVersion`.
    init(
        number: Int, chargePointId: String, template: FleetConfiguration.Template, settings: StationSettings, board: BoardDescription,
        csmsURL: String?, store: any StationStore, clock: SystemClock, sessions profile: SessionProfile, metrics: StationMetrics,
        log: @escaping @Sendable (String) -> Void, ocppVersion: String? = nil
    ) throws(FleetError) {
        self.number = number
        self.chargePointId = chargePointId
        templateName = template.name
        let configuration = template.station
        let endpoint: CentralSystemEndpoint
        let version: OCPPVersion
        do {
            version = try configuration.ocppVersion(override: ocppVersion)
            endpoint = try configuration.endpoint(url: csmsURL, chargePointId: chargePointId)
            assembled = try StationHardwareFactory(clock: clock).build(
                board: board, boardDirectory: directory(of: configuration.resolve(configuration.hardware.board)), backends: .allSimulated
            )
        } catch {
            throw FleetError("\(chargePointId): \(error)")
        }
        let prefixed: @Sendable (String) -> Void = { [chargePointId] line in log("\(chargePointId): \(line)") }
        network = SwitchableTransport(
            WebSocketTransport(endpoint: endpoint, subprotocol: version.subprotocol, clock: clock, log: { prefixed("link: \($0)") })
        )
        // Few frames kept: thousands of stations share the memory.
        let frames = FrameFeed(capacity: 20, metrics: metrics, now: { Timestamp(clock.wallTime) })
        self.frames = frames
        let hardware = assembled.hardware
        let transport = ConnectionCountingTransport(network, metrics: metrics)
        let site: any SessionSite
        switch version {
        case .v201:
            let ocpp201 = Self.runtime201(
                chargePointId: chargePointId, settings: settings, configuration: configuration, hardware: hardware, store: store, clock: clock,
                transport: transport, log: prefixed, frames: frames
            )
            runtime = .v201(ocpp201)
            site = SimulatedSessionSite.v201(simulation: assembled.simulation, runtime: ocpp201)
        case .v16:
            let client = CentralSystemClient(
                transport: transport, store: store, clock: clock, settings: configuration.clientSettings,
                log: { prefixed("link: \($0)") },
                traffic: { sent, frame in frames.record(sent: sent, text: frame) }
            )
            let supervisor = StationSupervisor(hardware: hardware, log: prefixed) { link throws(StationStartError) in
                try Station(settings: settings, hardware: hardware, store: store, link: link, clock: clock, files: nil, log: prefixed)
            }
            runtime = .v16(client: client, supervisor: supervisor)
            site = SimulatedSessionSite.v16(simulation: assembled.simulation, supervisor: supervisor)
        }
        sessions = SessionGenerator(site: site, connectorCount: hardware.connectors.count, profile: profile, stationNumber: number, clock: clock)
    }

    /// The station running now (nil between a reset and the next boot).
    public var station: Station<SystemClock>? {
        if case .v16(_, let supervisor) = runtime { supervisor.station } else { nil }
    }

    /// Runs the link, the station (rebooted after a Reset) and the automatic sessions until the
    /// task is cancelled. The sessions run in this task itself: each task a station keeps costs
    /// it kilobytes (its object and stack slabs), thousands of times over in a fleet.
    func run() async {
        switch runtime {
        case .v201(let ocpp201):
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await ocpp201.run() }
                await sessions.run()
                await group.waitForAll()
            }
        case .v16(let client, let supervisor):
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                group.addTask { await supervisor.run(on: client) }
                await sessions.run()
                await group.waitForAll()
            }
            supervisor.stopped()
        }
        assembled.shutdown()
    }
}

private func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
}
