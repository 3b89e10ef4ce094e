// The life of an OCPP 2.0.1 station in `station run`: the 2.0.1 link on the same (switchable)
// transport, store and hardware as 1.6, the station rebuilt after each Reset and booted again
// with reason RemoteReset, the hardware's events relayed to whichever station runs.

import CentralSystem
import OCPP201
import StationCore
import StationHAL
import Synchronization

/// Runs one 2.0.1 station and its link until cancelled. Safe to use from any isolation.
final class OCPP201Runtime: Sendable {
    let client: CentralSystemClient201<SystemClock>
    let settings: StationSettings
    let hardware: any StationHardware
    let store: any StationStore
    let queue: TransactionEventQueue
    let clock: SystemClock
    let log: @Sendable (String) -> Void
    /// Firmware management and GetLog's file services (the same as 1.6's).
    let files: FileServices?
    /// The security block's ports every boot's station gets, and the transport that picks the
    /// network profile slot of each boot (nil in tests that give a plain transport).
    let security: Station201SecurityPorts
    let networkProfiles: NetworkProfileTransport?
    private let current = Mutex<Station201<SystemClock>?>(nil)

    init(
        transport: any FrameTransport, settings: StationSettings, clientSettings: ClientSettings, hardware: any StationHardware,
        store: any StationStore, clock: SystemClock, log: @escaping @Sendable (String) -> Void, traffic: @escaping @Sendable (Bool, String) -> Void,
        files: FileServices? = nil, security: Station201SecurityPorts = Station201SecurityPorts(), networkProfiles: NetworkProfileTransport? = nil
    ) {
        self.files = files
        self.security = security
        self.networkProfiles = networkProfiles
        let queue = TransactionEventQueue(store: store)
        self.queue = queue
        self.settings = settings
        self.hardware = hardware
        self.store = store
        self.clock = clock
        self.log = log
        client = CentralSystemClient201(
            transport: transport, queue: queue, clock: clock, settings: clientSettings, log: { log("link: \($0)") }, traffic: traffic
        )
    }

    /// The station running now (nil between a Reset and the next boot).
    var station: Station201<SystemClock>? { current.withLock { $0 } }

    /// Runs link and station until cancelled.
    func run() async {
        // Each boot connects with the first slot of NetworkConfigurationPriority (B10).
        networkProfiles?.configure(NetworkPlan201.load(store: store))
        let client = client
        let clientTask = StationTask.spawn { await client.run() }
        let relay = StationTask.spawn { [self] in
            for await event in hardware.events { station?.hardwareEvent(event) }
        }
        var reason = BootNotification.BootReason.powerUp
        while !Task.isCancelled {
            let station = Station201(
                settings: settings, bootReason: reason, hardware: hardware, store: store, link: client, queue: queue, clock: clock, log: log,
                files: files, security: security
            )
            current.withLock { $0 = station }
            await client.attach(handler: station, events: { station.linkEvent($0) })
            let exit = await station.run()
            current.withLock { $0 = nil }
            guard exit == .reset, !Task.isCancelled else { break }
            log("rebooting")
            networkProfiles?.configure(NetworkPlan201.load(store: store))
            await client.reboot()
            reason = .remoteReset
        }
        relay.cancel()
        clientTask.cancel()
        _ = await clientTask.value
    }
}
