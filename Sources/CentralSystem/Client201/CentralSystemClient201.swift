// The OCPP-J 2.0.1 link: `LinkClient` speaking 2.0.1 (`OCPP201Link`), the same connection loop,
// backoff with jitter, security change, CALL slot, deadline watcher, answer order, reboot,
// traffic recording and queue runner as 1.6, with the API the 2.0.1 station and runtime use.

import OCPP
public import OCPP201
public import StationCore
public import StationHAL

/// The 2.0.1 link to one central system. `attach` the station, then `run()` it. Safe to use
/// from any isolation.
public typealias CentralSystemClient201<C: StationClock> = LinkClient<OCPP201Link, C>

extension LinkClient where V == OCPP201Link {
    /// Creates the client over `transport` (offering subprotocol ocpp2.0.1), delivering the
    /// TransactionEvents of `queue` (rows of its store's queue); `random` draws the reconnection
    /// jitter. MessageAttempts 3 and MessageAttemptInterval 60 s until the station sets its own.
    public init(
        transport: any FrameTransport, queue: TransactionEventQueue, clock: C, settings: ClientSettings = ClientSettings(),
        log: @escaping @Sendable (String) -> Void = { _ in }, traffic: @escaping @Sendable (Bool, String) -> Void = { _, _ in },
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.init(
            transport: transport, store: queue.store, clock: clock, settings: settings, log: log, traffic: traffic, random: random,
            retryAttempts: 3, retryInterval: .seconds(60)
        )
    }

    /// Sets who answers the central system's CALLs and who hears about link events; reports
    /// `connected` at once when a connection is open.
    public func attach(handler: any RequestHandler201, events: @escaping @Sendable (LinkEvent201) -> Void) {
        attach(answerer: { id, request, bytes in await handler.handle(OCPP201.Call(id: id, request: request), frameBytes: bytes) }, events: events)
    }

    /// For a Reset: pauses the TransactionEvents, waits until the answers to CSMS CALLs are written
    /// (and `settings.rebootDelay`), closes the connection (going away) and returns once it is
    /// closed; the link connects again at once (`reconnectForReboot`).
    public func reboot() async {
        deliveryEnabled = false
        await reconnectForReboot()
    }
}

extension LinkClient: CentralSystemLink201 where V == OCPP201Link {
    public nonisolated func call<R: OCPP201.OCPPRequest>(_ request: R) async throws(Link201Error) -> R.Response {
        let payload: JSONValue
        do throws(CallFailure<OCPP201.CallError>) {
            payload = try await callRaw(R.action, OCPP201.FrameEncoder.payload(request))
        } catch {
            throw Link201Error(error)
        }
        do {
            return try R.Response.decodePayload(payload)
        } catch {
            log("\(R.action.rawValue) answer does not match its schema: \(error)")
            throw .invalidResponse(error.description)
        }
    }

    public nonisolated func transactionEventsQueued() {
        messagesQueued()
    }

    public nonisolated func setTransactionEventDelivery(enabled: Bool) {
        setDelivery(enabled: enabled)
    }
}

extension Link201Error {
    /// The 2.0.1 form of a link failure.
    init(_ failure: CallFailure<OCPP201.CallError>) {
        switch failure {
        case .offline: self = .offline
        case .timeout: self = .timeout
        case .callError(let error): self = .callError(error)
        case .invalidResponse(let reason): self = .invalidResponse(reason)
        }
    }
}
