// The one owner of a station's life, used by `station run` and by the test harness alike: it
// builds the station from its store, attaches it to the link, forwards the hardware's events to
// whichever station runs, and after a Reset or a firmware installation closes the connection as a
// rebooting board would and boots a new station on the same store, hardware and link.

import ChargingCore
public import StationHAL
import Synchronization

/// The link as the supervisor sees it: the station's port plus what a boot and a reboot need.
/// The WebSocket client (`CentralSystemClient`) implements it.
public protocol SupervisedLink: CentralSystemLink {
    /// Hands the central system's requests to `handler` and the link's events to `events`.
    func attach(handler: any CentralSystemRequestHandler, events: @escaping @Sendable (LinkEvent) -> Void) async
    /// Whether a connection is up now.
    var isConnected: Bool { get async }
    /// Closes the connection (Close frame, going away) and connects again, as a rebooting board.
    func reconnectForReboot() async
}

/// Boots and reboots one station. It lives as long as the hardware; each power-on runs on a link
/// of its own. Safe to use from any isolation.
public final class StationSupervisor<C: StationClock>: Sendable {
    /// Builds a station on the given link from the store (called for every boot).
    public typealias Factory = @Sendable (any SupervisedLink) throws(StationStartError) -> Station<C>

    private let makeStation: Factory
    private let log: @Sendable (String) -> Void
    private let current = CurrentStation<C>()
    private let boots = Mutex(0)

    /// A supervisor of the stations `makeStation` builds. It takes the events of `hardware`
    /// (their one consumer, for the supervisor's life: the hardware outlives every station) and
    /// hands each, as it is reported, to the station running at that moment; an event while no
    /// station runs (before the first boot, during a reboot) is dropped, as a booting board
    /// misses it, and the station reads the plugs at boot. Nil `hardware`: the owner gives the
    /// events to something else. No task of its own: a fleet runs thousands of supervisors.
    public init(hardware: (any StationHardware)?, log: @escaping @Sendable (String) -> Void = { _ in }, makeStation: @escaping Factory) {
        self.makeStation = makeStation
        self.log = log
        // Weak: the hardware's sink must not keep the stations (which hold the hardware) alive.
        hardware?.forwardEvents { [weak current] event in
            current?.station?.hardwareEvent(event)
        }
    }

    /// The station running now (nil before the first boot, between a reset and the next boot,
    /// and after `stopped()`).
    public var station: Station<C>? { current.station }

    /// How many stations were built (1 after the first boot, +1 per reboot or power cut).
    public var bootCount: Int { boots.withLock { $0 } }

    /// Builds a station on `link` from the store, makes it the current one and attaches it to
    /// the link (telling it at once when the link is already up).
    /// - Throws: `StationStartError` when the station cannot be built.
    public func boot(on link: any SupervisedLink) async throws(StationStartError) -> Station<C> {
        let station = try makeStation(link)
        current.station = station
        boots.withLock { $0 += 1 }
        await link.attach(handler: station, events: { [current] event in current.station?.linkEvent(event) })
        if await link.isConnected { station.linkEvent(.connected) }
        return station
    }

    /// Runs `first` (booted with `boot(on:)`, or booted now) on `link`, and after each Reset or
    /// firmware installation reconnects and boots the next station. Returns when the task is
    /// cancelled (shutdown, power cut) or a station cannot be built (logged).
    public func run(on link: any SupervisedLink, first: Station<C>? = nil) async {
        var next = first
        while !Task.isCancelled {
            let station: Station<C>
            if let given = next {
                station = given
                next = nil
            } else {
                do {
                    station = try await boot(on: link)
                } catch {
                    log("station cannot start: \(error)")
                    return
                }
            }
            let exit = await station.run()
            guard case .reset(let type) = exit, !Task.isCancelled else { return }
            log("rebooting after a \(type.rawValue) reset")
            await link.reconnectForReboot()
        }
    }

    /// The station stopped for good (shutdown or power cut): hardware events go nowhere.
    public func stopped() {
        current.station = nil
    }
}

/// The station running now, shared with the relay and the link's event sink.
private final class CurrentStation<C: StationClock>: Sendable {
    private let slot = Mutex<Station<C>?>(nil)

    var station: Station<C>? {
        get { slot.withLock { $0 } }
        set { slot.withLock { $0 = newValue } }
    }
}
