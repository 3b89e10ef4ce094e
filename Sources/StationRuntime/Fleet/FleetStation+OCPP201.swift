// A fleet station speaking OCPP 2.0.1: `station run`'s 2.0.1 runtime (Station201 on the 2.0.1
// link over the store's TransactionEvent queue) on the fleet station's transport, store and clock.

import CentralSystem
import StationCore
import StationHAL

extension FleetStation {
    /// The 2.0.1 runtime of station `chargePointId` (its kind's `settings` under its own id), with
    /// no Firmware Management, no files and no network profile slots, like a 1.6 fleet station;
    /// its frames go to the station's 20-frame `frames` feed.
    static func runtime201(
        chargePointId: String, settings: StationSettings, configuration: StationConfiguration, hardware: any StationHardware,
        store: any StationStore, clock: SystemClock, transport: any FrameTransport, log: @escaping @Sendable (String) -> Void,
        frames: FrameFeed
    ) -> OCPP201Runtime {
        var own = settings
        own.chargePointId = chargePointId
        return OCPP201Runtime(
            transport: transport, settings: own, clientSettings: configuration.clientSettings, hardware: hardware, store: store, clock: clock,
            log: log,
            traffic: { sent, frame in frames.record(sent: sent, text: frame) }
        )
    }
}
