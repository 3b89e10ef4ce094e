// The dashboard on the control server: the page (built into the binary, style and script
// inline), the read-only JSON the page needs besides GET /api/station, and the live OCPP log as
// Server-Sent Events. The page's buttons call the control API's own routes.

import Hummingbird
import NIOCore
import OCPP
import ServiceLifecycle
import StationCore
import StationSimulation

extension ControlServer {
    /// How many past frames a newly opened live log receives first.
    static let liveLogBacklog = 300

    /// Adds the dashboard's page at `/` of `router`, and its routes (`configuration`,
    /// `charging-profiles`, `composite-schedule`, `firmware`, `variables`, `log/stream`) to
    /// `stations`: below `/api` for `station run`, below `/api/stations/{chargePointId}` for each
    /// station of a fleet. The 1.6 views answer 404 for a 2.0.1 station (the page hides them), and
    /// `variables` 404 for a 1.6 station.
    static func addDashboard(to router: Router<BasicRequestContext>, stations: StationRoutes) {
        router.get("/") { _, _ in asset(DashboardPage.document, type: "text/html; charset=utf-8") }
        addDeviceModelRoutes(to: stations)
        stations.get("configuration") { _, runner in
            if runner.ocpp201 != nil { return onlyFor16("configuration keys") }
            guard let station = runner.station else { return rebooting() }
            return json(FrameEncoder.payload(await station.configurationReport))
        }
        stations.get("charging-profiles") { _, runner in
            if runner.ocpp201 != nil { return onlyFor16("charging profiles") }
            guard let station = runner.station else { return rebooting() }
            return json(.object([("profiles", await station.installedChargingProfiles.json)]))
        }
        stations.get("composite-schedule") { request, runner in
            if runner.ocpp201 != nil { return onlyFor16("composite schedule") }
            guard let station = runner.station else { return rebooting() }
            let query = request.uri.queryParameters
            guard let connectorId = query.get("connectorId", as: Int.self) else { return error(.badRequest, "query needs connectorId=N") }
            let duration = query.get("duration", as: Int.self) ?? 86_400
            let unitName = query.get("unit") ?? "W"
            guard let unit = ChargingRateUnit(rawValue: unitName) else { return error(.badRequest, "unit must be W or A, not '\(unitName)'") }
            let answer = await station.compositeSchedule(connectorId: connectorId, durationSeconds: duration, unit: unit)
            return json(FrameEncoder.payload(answer), status: answer.status == .accepted ? .ok : .notFound)
        }
        stations.get("firmware") { _, runner in
            if runner.ocpp201 != nil { return onlyFor16("firmware update or diagnostics upload") }
            guard let station = runner.station else { return rebooting() }
            return json(progressJSON(await station.fileTransferProgress))
        }
        stations.get("log/stream") { _, runner in liveLog(runner.frames) }
    }

    /// The EV side of a simulated connector: plugged, state of charge, suspended, drawing.
    static func evJSON(_ runner: any ControlledStation, connectorId: Int) -> JSONValue {
        guard let connector = try? runner.simulation.snapshot(connector: connectorId) else { return .null }
        return .object([
            ("plugged", .bool(connector.isPlugged)), ("socPercent", .double((connector.vehicle.stateOfChargePercent * 10).rounded() / 10)),
            ("suspended", .bool(connector.vehicle.isPaused)), ("drawing", .bool(connector.isEVDrawing)),
        ])
    }

    static func progressJSON(_ progress: FileTransferProgress) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        func number(_ value: Int?) -> JSONValue { value.map { .integer($0) } ?? .null }
        return .object([
            ("firmware", .object([
                ("status", .string(progress.firmwareStatus.rawValue)), ("phase", text(progress.firmwarePhase)), ("location", text(progress.firmwareLocation)),
                ("retrieveDate", text(progress.firmwareRetrieveDate?.rfc3339)), ("attemptsLeft", number(progress.firmwareAttemptsLeft)),
                ("installedVersion", text(progress.installedVersion)),
            ])),
            ("diagnostics", .object([
                ("status", .string(progress.diagnosticsStatus.rawValue)), ("location", text(progress.diagnosticsLocation)),
                ("attemptsLeft", number(progress.diagnosticsAttemptsLeft)),
            ])),
        ])
    }

    /// The live log: the last frames, then every frame as it is sent or received, one
    /// Server-Sent Event each (`id` is the frame's sequence number, `data` its JSON). Ends at
    /// graceful shutdown, so that the server can stop.
    static func liveLog(_ feed: FrameFeed) -> Response {
        let frames = feed.subscribe(backlog: liveLogBacklog)
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            for await frame in frames.cancelOnGracefulShutdown() {
                try await writer.write(ByteBuffer(string: "id: \(frame.sequence)\ndata: \(JSONWriter.string(frame.json))\n\n"))
            }
            try await writer.finish(nil)
        })
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func rebooting() -> Response { error(.serviceUnavailable, "the station is rebooting") }
}
