// The control API of simulated mode (DESIGN.md "The control API"): HTTP/1.1 with JSON bodies on
// loopback (elsewhere only with a token: ControlAccess), served by Hummingbird, with GET /metrics
// (Metrics/) and the dashboard (Dashboard/) beside it. Drives the simulated hardware, the network
// switch and the simulated firmware installer, and shows the station and its OCPP traffic. Errors
// are 4xx with {"error": "..."}.

public import Hummingbird
public import Logging
import NIOCore
import OCPP
import StationCore
import StationHAL
import StationSimulation

/// Builds the control API application for `runner`.
public enum ControlServer {
    /// The Hummingbird application serving the control API, metrics and dashboard on `host:port`,
    /// refusing the requests that `access` does not allow.
    public static func application(runner: StationRunner, host: String, port: Int, logger: Logger, access: ControlAccess = .open) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: ControlAccessMiddleware(access: access))
        addStationRoutes(to: router.group("/api"), stationPath: "station") { _ in runner }
        addMetrics(to: router, metrics: runner.metrics, stations: [runner])
        addDashboard(to: router, stations: StationRoutes(routes: router.group("/api")) { _ in runner })
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "chargestation"), logger: logger)
    }

    /// Adds the single-station routes below `routes`: `stationPath` answers the station view and
    /// the others (`rfid`, `connectors/{id}/...`, `network`, `firmware/...`, `log`) act on the
    /// station `target` finds for the request (404 when it finds none).
    static func addStationRoutes(
        to group: RouterGroup<BasicRequestContext>, stationPath: RouterPath,
        target: @escaping @Sendable (BasicRequestContext) -> (any ControlledStation)?
    ) {
        let routes = StationRoutes(routes: group, target: target)
        routes.get(stationPath) { _, runner in await stationResponse(runner) }
        routes.post("rfid") { request, runner, _ in
            await handle(request) { body throws(ControlError) in
                guard case .string(let idTag)? = body["idTag"], !idTag.isEmpty else { throw ControlError("body needs \"idTag\": a non-empty string") }
                let connector = try optionalInt(body, "connectorId")
                try simulate { () throws(SimulationError) in try runner.simulation.presentCard(idTag: idTag, connector: connector) }
            }
        }
        routes.post("connectors/:id/plug") { request, runner, context in
            await handle(request) { _ throws(ControlError) in
                let id = try connectorId(context)
                try simulate { () throws(SimulationError) in try runner.simulation.plug(connector: id) }
            }
        }
        routes.post("connectors/:id/unplug") { request, runner, context in
            await handle(request) { _ throws(ControlError) in
                let id = try connectorId(context)
                try simulate { () throws(SimulationError) in try runner.simulation.unplug(connector: id) }
            }
        }
        routes.post("connectors/:id/ev") { request, runner, context in
            await handle(request) { body throws(ControlError) in
                let id = try connectorId(context)
                var understood = false
                if case .bool(let suspended)? = body["suspended"] {
                    understood = true
                    try simulate { () throws(SimulationError) in try runner.simulation.setEVSuspended(connector: id, suspended) }
                }
                if let soc = try optionalDouble(body, "socPercent") {
                    understood = true
                    try simulate { () throws(SimulationError) in try runner.simulation.setStateOfCharge(connector: id, percent: soc) }
                }
                guard understood else { throw ControlError("body needs \"suspended\": true/false or \"socPercent\": a number") }
            }
        }
        routes.post("connectors/:id/fault") { request, runner, context in
            await handle(request) { body throws(ControlError) in
                let id = try connectorId(context)
                let fault = try deviceFault(body)
                try simulate { () throws(SimulationError) in try runner.simulation.raiseFault(connector: id == 0 ? nil : id, fault) }
            }
        }
        routes.delete("connectors/:id/fault") { request, runner, context in
            await handle(request) { body throws(ControlError) in
                let id = try connectorId(context)
                let faults: [DeviceFault] = body["errorCode"] == nil ? DeviceFault.allCases : [try deviceFault(body)]
                for fault in faults {
                    try simulate { () throws(SimulationError) in try runner.simulation.clearFault(connector: id == 0 ? nil : id, fault) }
                }
            }
        }
        routes.post("connectors/:id/lock-failure") { request, runner, context in
            await handle(request) { body throws(ControlError) in
                let id = try connectorId(context)
                guard case .bool(let enabled)? = body["enabled"] else { throw ControlError("body needs \"enabled\": true or false") }
                try simulate { () throws(SimulationError) in try runner.simulation.setLockFailure(connector: id, enabled: enabled) }
            }
        }
        routes.post("network") { request, runner, _ in
            await handle(request) { body throws(ControlError) in
                guard case .bool(let online)? = body["online"] else { throw ControlError("body needs \"online\": true or false") }
                await runner.network.setOnline(online)
            }
        }
        routes.get("firmware/next-installation") { _, runner in
            guard let failureSwitch = runner.installationFailureSwitch else { return noInstallerSwitch(runner.installerSwitchAbsence) }
            return json(.object([("fails", .bool(failureSwitch.nextInstallationFails))]))
        }
        routes.post("firmware/next-installation") { request, runner, _ in
            guard let failureSwitch = runner.installationFailureSwitch else { return noInstallerSwitch(runner.installerSwitchAbsence) }
            return await handle(request) { body throws(ControlError) in
                guard case .bool(let fails)? = body["fails"] else { throw ControlError("body needs \"fails\": true or false") }
                failureSwitch.set(nextInstallationFails: fails)
            }
        }
        routes.get("log") { request, runner in
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            let frames = runner.recentTraffic(limit).map(\.json)
            return json(.object([("frames", .array(frames))]))
        }
    }

    // MARK: Answers

    static func stationResponse(_ runner: any ControlledStation) async -> Response {
        if let answer = await station201Response(runner) { return answer }
        guard let station = runner.station else { return error(.serviceUnavailable, "the station is rebooting") }
        let snapshot = await station.snapshot
        let connectors: [JSONValue] = snapshot.connectors.map { connector in
            .object([
                ("id", .integer(connector.id)), ("status", .string(connector.status.rawValue)), ("errorCode", .string(connector.errorCode.rawValue)),
                ("transactionId", connector.transactionId.map { .integer($0) } ?? .null),
                ("meterWh", .double((connector.meterWh * 10).rounded() / 10)), ("powerW", .double(connector.powerW.rounded())),
                ("idTag", connector.idTag.map { .string($0) } ?? .null), ("ev", evJSON(runner, connectorId: connector.id)),
            ])
        }
        return json(.object([
            ("chargePointId", .string(runner.chargePointId)),
            ("registration", .string(snapshot.registration?.rawValue ?? "Unknown")),
            ("connected", .bool(snapshot.connected)),
            ("connectors", .array(connectors)),
            ("queuedMessages", .integer(snapshot.queuedMessages)),
        ]))
    }

    /// The answer to the firmware switch of a station without the simulated installer.
    static func noInstallerSwitch(_ absence: InstallerSwitchAbsence) -> Response {
        switch absence {
        case .commandInstaller:
            error(.conflict, "the firmware installer is the board's command (firmware.installer: command); only the simulated one can be told to fail")
        case .noFirmwareManagement:
            error(.conflict, "fleet stations have no Firmware Management and no firmware installer; only a station of `station run` has one to tell to fail")
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.string(value) + "\n")))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(.object([("error", .string(message))]), status: status)
    }

    /// Reads the JSON body (an object; an empty body counts as `{}`), runs `action`, answers
    /// `{"ok": true}` or the error.
    static func handle(_ request: Request, _ action: (JSONValue) async throws(ControlError) -> Void) async -> Response {
        let body: JSONValue
        do {
            let buffer = try await request.body.collect(upTo: 64 * 1024)
            let text = String(buffer: buffer)
            body = text.allSatisfy(\.isWhitespace) ? .object([]) : try JSONParser.parse(text)
        } catch {
            return self.error(.badRequest, "the body is not JSON: \(error)")
        }
        guard case .object = body else { return self.error(.badRequest, "the body must be a JSON object") }
        do {
            try await action(body)
            return json(.object([("ok", .bool(true))]))
        } catch {
            return self.error(error.status, error.message)
        }
    }

    static func connectorId(_ context: BasicRequestContext) throws(ControlError) -> Int {
        guard let id = context.parameters.get("id", as: Int.self) else { throw ControlError("the connector id in the path must be a number") }
        return id
    }

    static func optionalInt(_ body: JSONValue, _ key: String) throws(ControlError) -> Int? {
        guard let value = body[key] else { return nil }
        guard case .number(let literal) = value, let number = Int(literal) else { throw ControlError("\"\(key)\" must be an integer") }
        return number
    }

    static func optionalDouble(_ body: JSONValue, _ key: String) throws(ControlError) -> Double? {
        guard let value = body[key] else { return nil }
        guard case .number(let literal) = value, let number = Double(literal) else { throw ControlError("\"\(key)\" must be a number") }
        return number
    }

    static func deviceFault(_ body: JSONValue) throws(ControlError) -> DeviceFault {
        guard case .string(let code)? = body["errorCode"] else { throw ControlError("body needs \"errorCode\", e.g. \"GroundFailure\"") }
        guard let fault = DeviceFault(rawValue: code) ?? (code == "OtherError" ? .internalError : nil) else {
            throw ControlError("unknown errorCode '\(code)'; expected one of \(DeviceFault.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return fault
    }

    static func simulate(_ action: () throws(SimulationError) -> Void) throws(ControlError) {
        do {
            try action()
        } catch {
            let status: HTTPResponse.Status
            switch error {
            case .noSuchConnector: status = .notFound
            case .invalidValue: status = .badRequest
            case .alreadyPlugged, .notPlugged, .noLock, .readerUnavailable: status = .conflict
            }
            throw ControlError(error.description, status: status)
        }
    }
}

/// A control request that cannot be carried out.
struct ControlError: Error {
    let message: String
    let status: HTTPResponse.Status

    init(_ message: String, status: HTTPResponse.Status = .badRequest) {
        self.message = message
        self.status = status
    }
}
