// The control API of `station fleet` (README "Fleet mode"): the fleet's summary and station list,
// fleet-wide network drops and automatic sessions, every single-station route and the dashboard's
// under /api/stations/{chargePointId}/..., the dashboard page and the fleet's aggregated /metrics.
// Same contract as the single station's: JSON bodies, 4xx with {"error": "..."}.

public import Hummingbird
public import Logging
import NIOCore
import OCPP
import StationCore

extension ControlServer {
    /// The Hummingbird application serving `fleet`'s control API on `host:port`, refusing the
    /// requests that `access` does not allow (the same rule as one station's server).
    public static func application(fleet: StationFleet, host: String, port: Int, logger: Logger, access: ControlAccess = .open) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: ControlAccessMiddleware(access: access))
        router.get("/api/fleet") { _, _ in await fleetResponse(fleet) }
        router.get("/api/stations") { request, _ in
            let offset = max(0, request.uri.queryParameters.get("offset", as: Int.self) ?? 0)
            let limit = max(0, request.uri.queryParameters.get("limit", as: Int.self) ?? 100)
            // `search` keeps the stations whose id contains it (case-insensitive); the page and
            // the total are of those.
            let search = request.uri.queryParameters.get("search").map { $0.lowercased() } ?? ""
            let found = search.isEmpty ? fleet.stations : fleet.stations.filter { $0.chargePointId.lowercased().contains(search) }
            var listed: [JSONValue] = []
            for station in found.dropFirst(offset).prefix(limit) {
                let summary = await FleetStationSummary.of(station)
                listed.append(.object([
                    ("chargePointId", .string(station.chargePointId)), ("number", .integer(station.number)), ("template", .string(station.templateName)),
                    ("ocppVersion", .string(station.ocpp201 == nil ? OCPPVersion.v16.rawValue : OCPPVersion.v201.rawValue)),
                    ("registration", .string(summary?.registration ?? "Unknown")), ("connected", .bool(summary?.connected ?? false)),
                    ("networkOnline", .bool(station.network.isOnline)), ("sessions", .bool(station.sessions.isEnabled)),
                    ("queuedMessages", .integer(summary?.queuedMessages ?? 0)),
                    ("connectors", .array((summary?.statuses ?? []).map { .string($0) })),
                ]))
            }
            return json(.object([("total", .integer(found.count)), ("offset", .integer(offset)), ("stations", .array(listed))]))
        }
        router.post("/api/fleet/network") { request, _ in
            await handle(request) { body throws(ControlError) in
                guard case .bool(let online)? = body["online"] else { throw ControlError("body needs \"online\": true or false") }
                let fraction = try optionalDouble(body, "fraction") ?? 1
                guard (0...1).contains(fraction) else { throw ControlError("\"fraction\" must be from 0 to 1") }
                _ = await fleet.setNetwork(online: online, fraction: fraction)
            }
        }
        router.post("/api/fleet/sessions") { request, _ in
            await handle(request) { body throws(ControlError) in
                guard case .bool(let enabled)? = body["enabled"] else { throw ControlError("body needs \"enabled\": true or false") }
                fleet.setSessions(enabled: enabled)
            }
        }
        let find: @Sendable (BasicRequestContext) -> FleetStation? = { context in fleet.station(context.parameters.get("chargePointId") ?? "") }
        router.post("/api/stations/:chargePointId/sessions") { request, context in
            guard let station = find(context) else { return StationRoutes.notFound(context) }
            return await handle(request) { body throws(ControlError) in
                guard case .bool(let enabled)? = body["enabled"] else { throw ControlError("body needs \"enabled\": true or false") }
                station.sessions.setEnabled(enabled)
            }
        }
        router.get("/api/stations/:chargePointId/sessions") { _, context in
            guard let station = find(context) else { return StationRoutes.notFound(context) }
            let counts = station.sessions.counts
            return json(.object([
                ("enabled", .bool(station.sessions.isEnabled)), ("started", .integer(counts.started)), ("active", .integer(counts.active)),
            ]))
        }
        addStationRoutes(to: router.group("/api/stations/:chargePointId"), stationPath: "") { context in find(context) }
        addDashboard(to: router, stations: StationRoutes(routes: router.group("/api/stations/:chargePointId")) { context in find(context) })
        addMetrics(to: router, metrics: fleet.metrics, stations: fleet.stations)
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "chargestation"), logger: logger)
    }

    /// GET /api/fleet: stations, connected, accepted, charging (connectors charging), queued
    /// transaction messages, and connectors by status (2.0.1 stations' in 2.0.1's words; a 2.0.1
    /// connector charges when its transaction's chargingState is Charging).
    static func fleetResponse(_ fleet: StationFleet) async -> Response {
        var connected = 0, accepted = 0, charging = 0, queued = 0, sessionsOn = 0, started = 0, active = 0
        var byStatus: [String: Int] = [:]
        for station in fleet.stations {
            if station.sessions.isEnabled { sessionsOn += 1 }
            let counts = station.sessions.counts
            started += counts.started
            active += counts.active
            guard let summary = await FleetStationSummary.of(station) else { continue }
            if summary.connected { connected += 1 }
            if summary.registration == "Accepted" { accepted += 1 }
            queued += summary.queuedMessages
            charging += summary.charging
            for status in summary.statuses { byStatus[status, default: 0] += 1 }
        }
        return json(.object([
            ("stations", .integer(fleet.stations.count)), ("connected", .integer(connected)), ("accepted", .integer(accepted)),
            ("charging", .integer(charging)), ("queuedMessages", .integer(queued)),
            ("byStatus", .object(byStatus.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
            ("sessions", .object([("enabledStations", .integer(sessionsOn)), ("started", .integer(started)), ("active", .integer(active))])),
            ("networkOffline", .integer(fleet.stations.count(where: { !$0.network.isOnline }))),
        ]))
    }
}
