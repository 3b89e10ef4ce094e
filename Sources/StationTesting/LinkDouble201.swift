// An in-process OCPP 2.0.1 link for station tests: records every CALL the station makes,
// answers each with a fixed valid response, and delivers the persistent TransactionEvent queue
// while "online" and enabled, as the real 2.0.1 client does.

import Synchronization
public import OCPP201
public import StationCore
public import OCPP

/// A 2.0.1 link double. Safe to use from any isolation.
public final class LinkDouble201: CentralSystemLink201 {
    struct State {
        var calls: [(action: OCPP201.Action, payload: JSONValue)] = []
        var online = true
        var delivery = false
        /// Queued TransactionEvents stay unsent (as unanswered by the CSMS) while true.
        var holdingEvents = false
        /// idTokenInfo answers by the idToken's text in upper case (others: Accepted).
        var tokenInfos: [String: JSONValue] = [:]
        /// Who hears of TransactionEvent answers (nil: nobody).
        var events: (@Sendable (LinkEvent201) -> Void)?
    }

    private let state = Mutex(State())
    /// The queue the station appends to (delivered from here).
    public let queue: TransactionEventQueue
    /// The BootNotification answer's status.
    public let bootStatus: String

    /// A link delivering `queue`; BootNotification is answered `bootStatus` with interval 300.
    public init(queue: TransactionEventQueue, bootStatus: String = "Accepted") {
        self.queue = queue
        self.bootStatus = bootStatus
    }

    /// Every CALL sent so far (TransactionEvents when delivered), in order.
    public func sent() -> [(action: OCPP201.Action, payload: JSONValue)] {
        state.withLock { $0.calls }
    }

    /// The payloads of the CALLs of `action` sent so far, in order.
    public func payloads(_ action: OCPP201.Action) -> [JSONValue] {
        state.withLock { $0.calls.filter { $0.action == action }.map(\.payload) }
    }

    /// Answers Authorize, and TransactionEvents carrying `idToken`, with `info` (an idTokenInfo
    /// object) from now on; tokens not set are Accepted.
    public func setIdTokenInfo(_ info: JSONValue, for idToken: String) {
        state.withLock { $0.tokenInfos[idToken.uppercased()] = info }
    }

    /// Reports every TransactionEvent answer to `events` (the station's `linkEvent`), as the real
    /// link does.
    public func attach(events: @escaping @Sendable (LinkEvent201) -> Void) {
        state.withLock { $0.events = events }
    }

    /// The idTokenInfo the double answers for an idToken object.
    private func tokenInfo(_ idToken: JSONValue?) -> JSONValue {
        guard case .string(let text) = idToken?["idToken"] else { return .object([("status", .string("Accepted"))]) }
        return state.withLock { $0.tokenInfos[text.uppercased()] } ?? .object([("status", .string("Accepted"))])
    }

    /// Cuts or restores the link (restoring delivers what waits).
    public func setOnline(_ online: Bool) {
        state.withLock { $0.online = online }
        deliver()
    }

    public func call<R: OCPP201.OCPPRequest>(_ request: R) async throws(Link201Error) -> R.Response {
        let payload = OCPP201.FrameEncoder.payload(request)
        let online = state.withLock { state in
            if state.online { state.calls.append((R.action, payload)) }
            return state.online
        }
        guard online else { throw .offline }
        let time = JSONValue.string("2026-11-30T12:00:00.000Z")
        let answer: JSONValue = switch R.action {
        case .bootNotification: .object([("currentTime", time), ("interval", .integer(300)), ("status", .string(bootStatus))])
        case .heartbeat: .object([("currentTime", time)])
        case .authorize: .object([("idTokenInfo", tokenInfo(payload["idToken"]))])
        default: .object([])
        }
        do {
            return try R.Response.decodePayload(answer)
        } catch {
            throw .invalidResponse(error.description)
        }
    }

    public func transactionEventsQueued() { deliver() }

    public func setTransactionEventDelivery(enabled: Bool) {
        state.withLock { $0.delivery = enabled }
        deliver()
    }

    public func setRetryPolicy(attempts: Int, interval: Duration) {}

    /// Leaves queued TransactionEvents unsent while `hold` (as if the CSMS had not answered them
    /// yet); delivers them when released.
    public func holdTransactionEvents(_ hold: Bool) {
        state.withLock { $0.holdingEvents = hold }
        deliver()
    }

    private func deliver() {
        while state.withLock({ $0.online && $0.delivery && !$0.holdingEvents }), let head = try? queue.head() {
            let events = state.withLock { state in
                state.calls.append((.transactionEvent, head))
                return state.events
            }
            try? queue.removeHead(head)
            let answer: JSONValue = head["idToken"] == nil ? .object([]) : .object([("idTokenInfo", tokenInfo(head["idToken"]))])
            events?(.transactionEventAnswered(request: head, response: answer))
        }
    }
}
