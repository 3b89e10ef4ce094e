// The OCPP 1.6J link: `LinkClient` speaking 1.6 (`OCPP16Link`), with the API the 1.6 station,
// the supervisor, the runtime and the tests use.

public import OCPP
public import StationCore
public import StationHAL

/// The link to one central system in OCPP 1.6J. Create it, set the station as handler and event
/// sink with `attach(handler:events:)`, then `run()` it. Safe to use from any isolation.
public typealias CentralSystemClient<C: StationClock> = LinkClient<OCPP16Link, C>

extension LinkClient where V == OCPP16Link {
    /// Creates the 1.6 client; `random` draws the reconnection jitter.
    public init(
        transport: any FrameTransport, store: any StationStore, clock: C, settings: ClientSettings = ClientSettings(),
        log: @escaping @Sendable (String) -> Void = { _ in }, traffic: @escaping @Sendable (Bool, String) -> Void = { _, _ in },
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        // TransactionMessageAttempts and TransactionMessageRetryInterval until the station sets them.
        self.init(
            transport: transport, store: store, clock: clock, settings: settings, log: log, traffic: traffic, random: random,
            retryAttempts: 1, retryInterval: .seconds(200)
        )
    }

    /// Sets who answers the central system's CALLs and who hears about link events.
    public func attach(handler: any CentralSystemRequestHandler, events: @escaping @Sendable (LinkEvent) -> Void) {
        attach(answerer: { id, request, _ in await handler.handle(Call(id: id, request: request)) }, events: events)
    }
}

extension LinkClient: CentralSystemLink where V == OCPP16Link {
    public nonisolated func call<R: OCPPRequest>(_ request: R) async throws(LinkError) -> R.Response {
        let payload: JSONValue
        do throws(CallFailure<CallError>) {
            payload = try await callRaw(R.action, FrameEncoder.payload(request))
        } catch {
            throw LinkError(error)
        }
        do {
            return try R.Response.decodePayload(payload)
        } catch {
            log("\(R.action.rawValue) answer does not match its schema: \(error)")
            throw .invalidResponse(error.description)
        }
    }

    public nonisolated func transactionMessagesQueued() {
        messagesQueued()
    }

    public nonisolated func setTransactionMessageDelivery(enabled: Bool) {
        setDelivery(enabled: enabled)
    }
}

extension LinkError {
    /// The 1.6 form of a link failure.
    init(_ failure: CallFailure<CallError>) {
        switch failure {
        case .offline: self = .offline
        case .timeout: self = .timeout
        case .callError(let error): self = .callError(error)
        case .invalidResponse(let reason): self = .invalidResponse(reason)
        }
    }
}
