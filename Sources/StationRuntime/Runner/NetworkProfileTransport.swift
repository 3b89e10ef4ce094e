// The transport of a 2.0.1 station (B10): one boot connects with the slots of
// NetworkConfigurationPriority in order, each a WebSocket transport with its URL, security
// profile and the BasicAuthPassword; NetworkProfileConnectionAttempts failures in a row move to
// the next slot (after the last: the first again), raising a security event.

public import CentralSystem
public import StationCore
public import struct OCPP.Timestamp
import Synchronization

/// Connects with the network profile slot in force. Safe to use from any isolation.
public final class NetworkProfileTransport: FrameTransport {
    /// One slot to connect with.
    struct Candidate {
        var slot: Int
        var securityProfile: Int
        var url: String
        var transport: any FrameTransport
    }

    private struct State {
        var candidates: [Candidate]
        var index = 0
        var failures = 0
        var attempts = 3
    }

    private let base: CentralSystemEndpoint
    private let make: @Sendable (CentralSystemEndpoint) -> any FrameTransport
    private let connection: NetworkConnection201
    private let events: SecurityEvents201
    private let now: @Sendable () -> Timestamp
    private let log: @Sendable (String) -> Void
    private let state: Mutex<State>

    /// A transport whose slot 0 is `base` (the station file's endpoint), each slot's transport
    /// made by `make` (a WebSocket transport with the runner's credentials). Connections are
    /// reported to `connection`; failures with a security meaning and slot changes to `events`.
    public init(
        base: CentralSystemEndpoint, make: @escaping @Sendable (CentralSystemEndpoint) -> any FrameTransport, connection: NetworkConnection201,
        events: SecurityEvents201, now: @escaping @Sendable () -> Timestamp, log: @escaping @Sendable (String) -> Void
    ) {
        self.base = base
        self.make = make
        self.connection = connection
        self.events = events
        self.now = now
        self.log = log
        state = Mutex(State(candidates: [Candidate(slot: 0, securityProfile: base.securityProfile.rawValue, url: base.connectionURL, transport: make(base))]))
    }

    /// Sets the slots of the next boot from `plan` and starts again with its first slot. A slot
    /// whose URL does not fit its security profile is left out (logged). Call before the boot's
    /// first connection.
    public func configure(_ plan: NetworkPlan201) {
        var candidates: [Candidate] = []
        for slot in plan.slots {
            var endpoint = base
            if let url = slot.url, let number = slot.securityProfile {
                guard let profile = CentralSystemEndpoint.SecurityProfile(rawValue: number) else { continue }
                endpoint.url = url
                endpoint.secureURL = nil
                endpoint.securityProfile = profile
            }
            if let password = plan.basicAuthPassword { endpoint.authorizationKey = password }
            do {
                _ = try endpoint.target()
            } catch {
                log("network profile slot \(slot.slot) left out: \(error.message)")
                continue
            }
            candidates.append(Candidate(slot: slot.slot, securityProfile: endpoint.securityProfile.rawValue, url: endpoint.connectionURL, transport: make(endpoint)))
        }
        if candidates.isEmpty {
            candidates = [Candidate(slot: 0, securityProfile: base.securityProfile.rawValue, url: base.connectionURL, transport: make(base))]
        }
        let order = candidates.map { "\($0.slot) (\($0.url), security profile \($0.securityProfile))" }.joined(separator: ", ")
        log("network profiles in priority order: \(order)")
        state.withLock { $0 = State(candidates: candidates, attempts: max(1, plan.attempts)) }
    }

    /// The slot the next connection uses.
    public var currentSlot: Int { state.withLock { $0.candidates[$0.index].slot } }

    public func connect() async throws(TransportError) -> any FrameConnection {
        let candidate = state.withLock { $0.candidates[$0.index] }
        do {
            let opened = try await candidate.transport.connect()
            state.withLock { $0.failures = 0 }
            connection.connected(slot: candidate.slot, securityProfile: candidate.securityProfile)
            return opened
        } catch {
            if let kind = error.securityEvent {
                events.raise(kind, techInfo: "network profile slot \(candidate.slot): \(error.message)", at: now())
            }
            let next = state.withLock { state -> (Candidate, Int)? in
                state.failures += 1
                guard state.failures >= state.attempts, state.candidates.count > 1 else { return nil }
                let failures = state.failures
                state.failures = 0
                state.index = (state.index + 1) % state.candidates.count
                return (state.candidates[state.index], failures)
            }
            if let next {
                let (slot, failures) = next
                let change = "no connection with network profile slot \(candidate.slot) after \(failures) attempts; "
                    + "falling back to slot \(slot.slot) (security profile \(slot.securityProfile))"
                log(change)
                events.raise(.reconfigurationOfSecurityParameters, techInfo: change, at: now())
            }
            throw error
        }
    }
}
