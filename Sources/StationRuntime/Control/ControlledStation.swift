// What the single-station routes of the control API act on: `station run`'s StationRunner, or one
// station of a fleet (under /api/stations/{chargePointId}/...), and the small router that finds
// the request's station before a route's handler runs.

import Hummingbird
import StationCore
import StationFiles
import StationHAL
import StationSimulation

/// A station the control API drives. Safe to use from any isolation.
protocol ControlledStation: Sendable {
    var chargePointId: String { get }
    /// The simulated hardware behind the plug, card, EV, fault and lock routes.
    var simulation: SimulatedStation { get }
    /// The network switch of POST .../network.
    var network: SwitchableTransport { get }
    /// The simulated installer's switch (nil: the firmware routes answer 409).
    var installationFailureSwitch: InstallationFailureSwitch? { get }
    /// Why `installationFailureSwitch` is nil, for the 409's message.
    var installerSwitchAbsence: InstallerSwitchAbsence { get }
    /// The last `limit` frames (oldest first), for GET .../log.
    func recentTraffic(_ limit: Int) -> [OCPPTrafficLog.Entry]
    /// The classified frames of the dashboard's live log (GET .../log/stream), counted by the
    /// metrics as they are recorded.
    var frames: FrameFeed { get }
    /// The station running now (nil while it reboots).
    var station: Station<SystemClock>? { get }
    /// The 2.0.1 station and link, when the station speaks 2.0.1 (nil: 1.6).
    var ocpp201: OCPP201Runtime? { get }
}

/// Why a station has no simulated installer to tell to fail.
enum InstallerSwitchAbsence: Sendable {
    /// The board's own installer command runs (firmware.installer: command).
    case commandInstaller
    /// The station has no Firmware Management at all (fleet stations).
    case noFirmwareManagement
}

extension ControlledStation {
    /// A station without the switch runs the board's installer command, unless it says otherwise.
    var installerSwitchAbsence: InstallerSwitchAbsence { .commandInstaller }
}

extension StationRunner: ControlledStation {
    var simulation: SimulatedStation { assembled.simulation }
    func recentTraffic(_ limit: Int) -> [OCPPTrafficLog.Entry] { traffic.last(limit) }
}

extension FleetStation: ControlledStation {
    var simulation: SimulatedStation { assembled.simulation }
    /// Fleet stations offer no Firmware Management.
    var installationFailureSwitch: InstallationFailureSwitch? { nil }
    var installerSwitchAbsence: InstallerSwitchAbsence { .noFirmwareManagement }
    /// Read from the frame feed, the one place a fleet station keeps its last frames.
    func recentTraffic(_ limit: Int) -> [OCPPTrafficLog.Entry] {
        frames.recent(limit).map { OCPPTrafficLog.Entry(timestamp: $0.timestamp, sent: $0.sent, frame: $0.text) }
    }
}

/// Routes whose handlers receive the request's station; a request naming no station this process
/// runs is answered 404.
struct StationRoutes {
    let routes: RouterGroup<BasicRequestContext>
    let target: @Sendable (BasicRequestContext) -> (any ControlledStation)?

    func get(_ path: RouterPath, _ handler: @escaping @Sendable (Request, any ControlledStation) async -> Response) {
        routes.get(path) { [target] request, context in
            guard let station = target(context) else { return Self.notFound(context) }
            return await handler(request, station)
        }
    }

    func post(_ path: RouterPath, _ handler: @escaping @Sendable (Request, any ControlledStation, BasicRequestContext) async -> Response) {
        routes.post(path) { [target] request, context in
            guard let station = target(context) else { return Self.notFound(context) }
            return await handler(request, station, context)
        }
    }

    func delete(_ path: RouterPath, _ handler: @escaping @Sendable (Request, any ControlledStation, BasicRequestContext) async -> Response) {
        routes.delete(path) { [target] request, context in
            guard let station = target(context) else { return Self.notFound(context) }
            return await handler(request, station, context)
        }
    }

    static func notFound(_ context: BasicRequestContext) -> Response {
        ControlServer.error(.notFound, "no station '\(context.parameters.get("chargePointId") ?? "")' runs in this process")
    }
}
