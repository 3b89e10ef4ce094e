// The one stream of hardware events the station consumes (or the one sink it is forwarded to).
// Devices report into it through the composition; a fault is passed on once when raised and once
// when cleared, however often reported.

import Synchronization

/// Collects device reports into the station's event stream, in the order they are reported, and
/// drops repeated fault reports (a fault already raised, a fault not raised being cleared).
/// Safe to use from any isolation.
public final class HardwareEventHub: Sendable {
    /// The events, for the one consumer (the station).
    public let events: AsyncStream<HardwareEvent>
    private let continuation: AsyncStream<HardwareEvent>.Continuation
    private let activeFaults = Mutex(Set<FaultKey>())
    /// Where events go instead of `events`, once set.
    private let sink = Mutex<(@Sendable (HardwareEvent) -> Void)?>(nil)

    private struct FaultKey: Hashable {
        let connector: Int?
        let fault: DeviceFault
    }

    /// Creates an empty hub.
    public init() {
        (events, continuation) = AsyncStream.makeStream(of: HardwareEvent.self, bufferingPolicy: .unbounded)
    }

    /// Passes `event` on, unless it repeats a fault's current state.
    public func report(_ event: HardwareEvent) {
        let passOn = activeFaults.withLock { faults -> Bool in
            switch event {
            case .faultRaised(let fault): faults.insert(FaultKey(connector: nil, fault: fault)).inserted
            case .faultCleared(let fault): faults.remove(FaultKey(connector: nil, fault: fault)) != nil
            case .connector(let id, .faultRaised(let fault)): faults.insert(FaultKey(connector: id, fault: fault)).inserted
            case .connector(let id, .faultCleared(let fault)): faults.remove(FaultKey(connector: id, fault: fault)) != nil
            default: true
            }
        }
        guard passOn else { return }
        if let sink = sink.withLock({ $0 }) {
            sink(event)
        } else {
            continuation.yield(event)
        }
    }

    /// Hands every event passed on from now on to `sink`, called in the reporting device's
    /// context, in place of `events` (which ends): for the one consumer that forwards events
    /// without a task of its own to read a stream. Call once, before the events matter.
    public func forward(to sink: @escaping @Sendable (HardwareEvent) -> Void) {
        self.sink.withLock { $0 = sink }
        continuation.finish()
    }

    /// Passes on `event` of connector `id` (1-based).
    public func report(connector id: Int, _ event: ConnectorEvent) {
        report(.connector(id, event))
    }

    /// Whether `fault` is raised now at connector `connector` (nil: station-wide).
    public func isRaised(_ fault: DeviceFault, connector: Int? = nil) -> Bool {
        activeFaults.withLock { $0.contains(FaultKey(connector: connector, fault: fault)) }
    }

    /// Ends the stream, or the forwarding to the sink (the hardware is shut down).
    public func finish() {
        sink.withLock { $0 = nil }
        continuation.finish()
    }
}
