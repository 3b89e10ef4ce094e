// The control API's GET /api/station for a station speaking OCPP 2.0.1: the same members as for
// 1.6, with the 2.0.1 connector statuses and the station-generated transactionId (a string).

import Hummingbird
import OCPP
import StationCore
import StationHAL

extension ControlServer {
    /// The 2.0.1 station's state, or nil when the runner speaks 1.6.
    static func station201Response(_ runner: any ControlledStation) async -> Response? {
        guard let runtime = runner.ocpp201 else { return nil }
        guard let station = runtime.station else { return error(.serviceUnavailable, "the station is rebooting") }
        let snapshot = await station.snapshot
        let connectors: [JSONValue] = snapshot.connectors.map { connector in
            .object([
                ("id", .integer(connector.id)), ("status", .string(connector.status)), ("errorCode", .string("NoError")),
                ("transactionId", connector.transactionId.map { .string($0) } ?? .null),
                ("meterWh", .double((connector.meterWh * 10).rounded() / 10)), ("powerW", .double(connector.powerW.rounded())),
            ])
        }
        return json(.object([
            ("chargePointId", .string(runner.chargePointId)), ("ocppVersion", .string(OCPPVersion.v201.rawValue)),
            ("registration", .string(snapshot.registration ?? "Unknown")), ("connected", .bool(snapshot.connected)),
            ("connectors", .array(connectors)), ("queuedMessages", .integer(snapshot.queuedMessages)),
        ]))
    }
}
