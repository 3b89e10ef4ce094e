// A 2.0.1 station for tests: simulated hardware, an in-memory store and a link double in a
// virtual-time world, with the one relay of the hardware's events to the station running now.

import OCPP
import OCPP201
import StationCore
import StationHAL
import StationSimulation
import StationStorage
import StationTesting

/// One station in a virtual-time world, with its relay of hardware events.
struct Station201Rig {
    let world = VirtualTimeWorld()
    let clock = ManualClock()
    let store = InMemoryStationStore()
    let hardware: SimulatedStation
    let link: LinkDouble201
    /// The station the hardware's one relay feeds.
    let current = Locked<Station201<ManualClock>?>(nil)
    let settings = StationSettings(
        identity: OCPP.BootNotification.Request(chargePointVendor: "MAXERO", chargePointModel: "200QC", chargePointSerialNumber: "MX-TEST-1", firmwareVersion: "1.0.0"),
        configurationDefaults: StationSettings.maxeroDefaults
    )

    /// The file services the stations get (nil: none, L and N answer NotImplemented).
    var files: FileServices?

    init(files: FileServices? = nil) {
        self.files = files
        hardware = SimulatedStation(clock: clock)
        link = LinkDouble201(queue: TransactionEventQueue(store: store))
        clock.settle(with: { [world] in await world.idle() })
        _ = world.start { [hardware, current] in
            for await event in hardware.events { current.value?.hardwareEvent(event) }
        }
    }

    /// Boots a station (again, on the same store and hardware) and runs it in the world.
    func boot(security: Station201SecurityPorts = Station201SecurityPorts()) async -> (Station201<ManualClock>, Task<Station201Exit, Never>) {
        let station = Station201(
            settings: settings, bootReason: .powerUp, hardware: hardware, store: store, link: link, queue: link.queue, clock: clock, log: { _ in },
            files: files, security: security
        )
        station.linkEvent(.connected)
        current.withLock { $0 = station }
        let task = world.start { await station.run() }
        await clock.settle()
        return (station, task)
    }

    func events() -> [JSONValue] { link.payloads(.transactionEvent) }
}

/// A member of a JSON value along `path` (nil when any step is missing).
func field(_ value: JSONValue?, _ path: String...) -> JSONValue? {
    path.reduce(value) { $0?[$1] }
}

extension JSONValue {
    /// The first element of an array.
    var arrayFirst: JSONValue? {
        if case .array(let items) = self { items.first } else { nil }
    }
}

extension Station201 {
    /// Hands the station a CSMS request of type `request` given as its JSON payload.
    nonisolated func request<R: OCPP201.OCPPRequest>(_ request: R.Type, _ payload: String) async throws -> JSONValue {
        let call = OCPP201.Call(id: MessageId("test"), request: try R.decodePayload(JSONParser.parse(payload)))
        return try await handle(call, frameBytes: payload.utf8.count + 40).get()
    }
}
