// The control API of a station speaking OCPP 2.0.1: GET /api/station with the 2.0.1 connector
// statuses and transactions (string transactionId, seqNo, idToken, chargingState), and the device
// model: GET /api/variables (every variable as GetBaseReport FullInventory lists it) and
// POST /api/variables (a SetVariables request, answered as the station answers the CSMS).

import Hummingbird
import OCPP
import OCPP201
import StationCore
import StationHAL

extension ControlServer {
    /// The 2.0.1 station's state, or nil when the runner speaks 1.6.
    static func station201Response(_ runner: any ControlledStation) async -> Response? {
        guard let runtime = runner.ocpp201 else { return nil }
        guard let station = runtime.station else { return rebooting() }
        let snapshot = await station.snapshot
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        let connectors: [JSONValue] = snapshot.connectors.map { connector in
            .object([
                ("id", .integer(connector.id)), ("evseId", .integer(connector.id)), ("status", .string(connector.status)), ("errorCode", .string("NoError")),
                ("transactionId", text(connector.transactionId)), ("seqNo", connector.seqNo.map { .integer($0) } ?? .null),
                ("chargingState", text(connector.chargingState)),
                ("meterWh", .double((connector.meterWh * 10).rounded() / 10)), ("powerW", .double(connector.powerW.rounded())),
                ("idTag", text(connector.idToken)), ("idToken", text(connector.idToken)), ("idTokenType", text(connector.idTokenType)),
                ("ev", evJSON(runner, connectorId: connector.id)),
            ])
        }
        return json(.object([
            ("chargePointId", .string(runner.chargePointId)), ("ocppVersion", .string(OCPPVersion.v201.rawValue)),
            ("registration", .string(snapshot.registration ?? "Unknown")), ("connected", .bool(snapshot.connected)),
            ("connectors", .array(connectors)), ("queuedMessages", .integer(snapshot.queuedMessages)),
        ]))
    }

    /// Adds GET and POST `variables` to `stations`: the device model of a 2.0.1 station (404 for a
    /// 1.6 station, which has configuration keys instead).
    static func addDeviceModelRoutes(to stations: StationRoutes) {
        stations.get("variables") { _, runner in
            guard let runtime = runner.ocpp201 else { return onlyFor201() }
            guard let station = runtime.station else { return rebooting() }
            let entries = await station.deviceModel.report(.fullInventory).map { OCPP201.FrameEncoder.payload($0.wire) }
            return json(.object([("variables", .array(entries))]))
        }
        stations.post("variables") { request, runner, _ in
            guard let runtime = runner.ocpp201 else { return onlyFor201() }
            guard let station = runtime.station else { return rebooting() }
            return await setVariables(request, station: station)
        }
    }

    /// POST .../variables: the body is a SetVariables request. It is handed to the station as a
    /// CALL from the central system would be (the same schema check, DeviceDataCtrlr limits,
    /// validation, persistence and side effects), and the answer is the SetVariables response:
    /// 200 when every item is Accepted or RebootRequired, else 400 with `error` naming the first
    /// refused item beside `setVariableResult`. A CALLERROR (a body that is no SetVariables
    /// request, too many items) is 400 with its code and description.
    static func setVariables(_ request: Request, station: Station201<SystemClock>) async -> Response {
        let body: JSONValue
        do {
            body = try JSONParser.parse(String(buffer: try await request.body.collect(upTo: 64 * 1024)))
        } catch {
            return self.error(.badRequest, "the body is not JSON: \(error)")
        }
        guard case .object = body else { return error(.badRequest, "the body must be a SetVariables request: {\"setVariableData\": [...]}") }
        let frame = JSONValue.array([.integer(MessageType.call.rawValue), .string("control-api"), .string(OCPP201.Action.setVariables.rawValue), body])
        let call: OCPP201.Call
        switch OCPP201.FrameDecoder(receiver: .chargePoint).decode(frame) {
        case .call(let decoded): call = decoded
        case .reject(let refusal): return error(.badRequest, "\(refusal.code.rawValue): \(refusal.description)")
        default: return error(.badRequest, "the body is not a SetVariables request")
        }
        switch await station.handle(call, frameBytes: JSONWriter.string(frame).utf8.count) {
        case .failure(let refusal):
            return error(.badRequest, "\(refusal.code.rawValue): \(refusal.description)")
        case .success(let payload):
            guard let answer = try? PayloadDecoding.decode(SetVariables.Response.self, from: payload) else { return json(payload) }
            guard let refused = answer.setVariableResult.first(where: { $0.attributeStatus != .accepted && $0.attributeStatus != .rebootRequired }) else {
                return json(payload)
            }
            var message = "\(refused.component.name.value).\(refused.variable.name.value): \(refused.attributeStatus.rawValue)"
            if let info = refused.attributeStatusInfo {
                message += " \(info.reasonCode.value)" + (info.additionalInfo.map { " (\($0.value))" } ?? "")
            }
            guard case .object(let members) = payload else { return error(.badRequest, message) }
            return json(.object([(key: "error", value: .string(message))] + members), status: .badRequest)
        }
    }

    /// The answer of a 2.0.1-only route on a 1.6 station.
    static func onlyFor201() -> Response {
        error(.notFound, "the device model is OCPP 2.0.1's; this station speaks 1.6 (its configuration keys: GET .../configuration)")
    }

    /// The answer of a 1.6-only dashboard route on a 2.0.1 station.
    static func onlyFor16(_ what: String) -> Response {
        error(.notFound, "an OCPP 2.0.1 station has no \(what) (its device model: GET .../variables)")
    }
}
