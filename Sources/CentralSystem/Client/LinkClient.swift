// The OCPP-J client, written once for every OCPP version (`LinkVersion`): keeps a connection to
// the central system open (reconnecting with backoff and jitter), correlates our CALLs with their
// answers (one in flight, `CallSlot`; one deadline watcher), answers the central system's CALLs
// at once through the station (each answer ahead of what it causes: `AnswerOrder`), reconnects
// for a reboot or a security change, records the traffic and runs the persistent message queue.

import OCPP
import StationCore
public import StationHAL

/// The link to one central system in OCPP version `V`: `CentralSystemClient` (1.6) and
/// `CentralSystemClient201` (2.0.1) are this actor. Create it, `attach` the station, then
/// `run()` it. Safe to use from any isolation.
public actor LinkClient<V: LinkVersion, C: StationClock> {
    /// The answer to a CALL, or why there is none.
    typealias Outcome = Result<JSONValue, CallFailure<V.CallError>>

    let transport: any FrameTransport
    let store: any StationStore
    let clock: C
    let settings: ClientSettings
    let log: @Sendable (String) -> Void
    /// Every frame sent (`true`) and received (`false`), for the OCPP traffic log.
    let traffic: @Sendable (_ sent: Bool, _ frame: String) -> Void

    /// Answers a central-system CALL (id, request, length of its frame): set by `attach`.
    var answerer: (@Sendable (MessageId, V.Frames.Request, Int) async -> Result<JSONValue, V.CallError>)?
    var events: (@Sendable (V.Event) -> Void)?
    var connection: (any FrameConnection)?
    var ids = MessageIdGenerator()
    var pending: [MessageId: (action: V.Action, continuation: CheckedContinuation<Outcome, Never>)] = [:]
    /// When each CALL on the wire times out, when the connection's next keep-alive is due, and
    /// the one task that watches these times (with the time it sleeps until).
    var deadlines: [MessageId: C.Instant] = [:]
    var nextKeepAlive: C.Instant?
    var deadlineWatch: Task<Void, Never>?
    var watchTarget: C.Instant?
    var slot = CallSlot()
    /// Station CALLs wait while answers to the central system's CALLs are on their way.
    var answerOrder = AnswerOrder()
    /// Reconnect without backoff after the current connection closes (a reboot).
    var reconnectAtOnce = false
    /// Connections closed so far, and who waits for the next one to close.
    var disconnections = 0
    var disconnectionWaiters: [CheckedContinuation<Void, Never>] = []
    let parser = FrameParser<V.Frames>(receiver: .chargePoint)

    // Message-queue state.
    var deliveryEnabled = false
    var retryAttempts: Int
    var retryInterval: Duration
    /// Queued rows read ahead of delivery, and known transactionIds.
    var queuePage = QueuePage()
    /// Answered MeterValues whose rows are removed together (a page at a time, or before anything
    /// else is sent), and their local transaction id.
    var answeredAwaitingRemoval: [Int64] = []
    var answeredTransaction: Int64?
    /// What the station asked of the link through its nonisolated port methods, applied by the
    /// queue runner in the order asked (never by racing tasks), and that runner's wake-up.
    let mailbox = LinkMailbox()
    /// Draws the reconnection jitter (injected: seeded in tests, the system's generator otherwise).
    var random: any RandomNumberGenerator & Sendable
    /// A security change waiting for its first connection (`LinkClient+Security.swift`).
    var securityChange: SecurityChange?

    /// Creates the client; `random` draws the reconnection jitter; `retryAttempts` and
    /// `retryInterval` are the queue's retry policy until the station sets its own.
    init(
        transport: any FrameTransport, store: any StationStore, clock: C, settings: ClientSettings, log: @escaping @Sendable (String) -> Void,
        traffic: @escaping @Sendable (Bool, String) -> Void, random: any RandomNumberGenerator & Sendable, retryAttempts: Int, retryInterval: Duration
    ) {
        self.random = random
        self.transport = transport
        self.store = store
        self.clock = clock
        self.settings = settings
        self.log = log
        self.traffic = traffic
        self.retryAttempts = retryAttempts
        self.retryInterval = retryInterval
    }

    /// Sets who answers the central system's CALLs and who hears about link events.
    func attach(answerer: @escaping @Sendable (MessageId, V.Frames.Request, Int) async -> Result<JSONValue, V.CallError>, events: @escaping @Sendable (V.Event) -> Void) {
        self.answerer = answerer
        self.events = events
        if V.reportsConnectionOnAttach, connection != nil { events(V.connected) }
    }

    /// Whether a connection is open.
    public var isConnected: Bool { connection != nil }

    /// Connects, reconnects with backoff, and delivers queued messages, until cancelled.
    public func run() async {
        let queueTask = StationTask.spawn { await self.runQueue() }
        var backoff = settings.initialBackoff
        while !Task.isCancelled {
            do {
                let opened = try await transport.connect()
                connection = opened
                startKeepAlive(for: opened)
                backoff = settings.initialBackoff
                securityConnected()
                log("connected to the central system\(V.connectionNote)")
                events?(V.connected)
                mailbox.signal()
                await receive(from: opened)
                // Shutting down: end the WebSocket with a Close frame (going away) and its
                // handshake, rather than just dropping the socket.
                if Task.isCancelled { await opened.close(.goingAway) }
                connection = nil
                failPending(.offline)
                log("connection to the central system closed")
                events?(V.disconnected)
                connectionClosed()
            } catch {
                log("cannot connect to the central system: \(error); retrying in \(backoff)")
                if let kind = error.securityEvent, let event = V.securityFailure(kind, techInfo: error.message) { events?(event) }
                connectFailed(error)
            }
            guard !Task.isCancelled else { break }
            if reconnectAtOnce || securityChange != nil {
                // A reboot (the board comes back and connects at once) or a security change
                // (its tries follow one another).
                reconnectAtOnce = false
                continue
            }
            // Exponential backoff with jitter: a random wait between half and all of the
            // current step, so that a fleet does not reconnect in lockstep after an outage.
            let wait = backoff * Double.random(in: 0.5...1.0, using: &random)
            do {
                try await clock.sleep(until: clock.now.advanced(by: wait), tolerance: nil)
            } catch {
                break
            }
            backoff = min(backoff * 2, settings.maximumBackoff)
        }
        queueTask.cancel()
        mailbox.signal()
        await connection?.close()
        connection = nil
        failPending(.offline)
    }

    /// Closes the current connection (it is opened again after the backoff).
    public func disconnect() async {
        await connection?.close()
    }

    private func receive(from opened: any FrameConnection) async {
        for await text in opened.incoming {
            traffic(false, text)
            switch parser.parse(text) {
            case .call(let id, let request):
                // Answered at once, also while our own CALL waits: in a task of its own. Counted
                // from now, before the station sees the request, so that nothing it causes is
                // written before the answer.
                answerOrder.answerStarted()
                let bytes = text.utf8.count
                StationTask.spawn { await self.answer(id, request, frameBytes: bytes, on: opened) }
            case .callResult(let result):
                resolve(result.id, .success(result.payload))
            case .callError(let id, let code, let description, let details):
                resolve(id, .failure(.callError(V.callError(id: id, code: code, description: description, details: details))))
            case .reject(let id, let code, let description):
                await send(V.errorFrame(V.callError(id: id, code: code, description: description, details: .object([]))), on: opened)
            case .invalidAnswer(let id, let reason):
                log("invalid answer to \(id): \(reason)")
                resolve(id, .failure(.invalidResponse(reason)))
            case .drop(let reason):
                log("frame dropped: \(reason)")
            }
        }
    }

    private func answer(_ id: MessageId, _ request: V.Frames.Request, frameBytes: Int, on opened: any FrameConnection) async {
        defer { answerOrder.answerWritten() }
        guard let answerer else {
            let error = V.callError(id: id, code: V.internalError, description: "station not ready", details: .object([]))
            await send(V.errorFrame(error), on: opened)
            return
        }
        switch await answerer(id, request, frameBytes) {
        case .success(let payload): await send(V.resultFrame(CallResult(id: id, payload: payload)), on: opened)
        case .failure(let error): await send(V.errorFrame(error), on: opened)
        }
    }

    private func send(_ text: String, on opened: any FrameConnection) async {
        do {
            try await opened.send(text)
            traffic(true, text)
        } catch {
            log("send failed: \(error)")
        }
    }

    private func resolve(_ id: MessageId, _ result: Outcome) {
        deadlines[id] = nil
        guard let entry = pending.removeValue(forKey: id) else {
            log("answer to unknown message id \(id) ignored")
            return
        }
        entry.continuation.resume(returning: result)
    }

    private func failPending(_ error: CallFailure<V.CallError>) {
        let all = pending
        pending = [:]
        deadlines = [:]
        nextKeepAlive = nil
        deadlineWatch?.cancel()
        deadlineWatch = nil
        watchTarget = nil
        for entry in all.values { entry.continuation.resume(returning: .failure(error)) }
    }

    // MARK: Station CALLs

    /// Sends a CALL with a ready payload, one in flight at a time, and waits for its answer.
    func callRaw(_ action: V.Action, _ payload: JSONValue) async throws(CallFailure<V.CallError>) -> JSONValue {
        if !slot.take() {
            await withCheckedContinuation { slot.wait($0) }
        }
        let result = await sendAndWait(action, payload)
        slot.release()
        return try result.get()
    }

    private func sendAndWait(_ action: V.Action, _ payload: JSONValue) async -> Outcome {
        await answersWritten()
        guard let opened = connection else { return .failure(.offline) }
        let id = ids.next()
        let text = V.callFrame(id: id, action: action, payload: payload)
        return await withCheckedContinuation { continuation in
            pending[id] = (action, continuation)
            // The response timeout runs from the hand-over of the frame to the transport.
            startTimeout(for: id)
            StationTask.spawn {
                do {
                    try await opened.send(text)
                    self.traffic(true, text)
                } catch {
                    await self.resolveIfPending(id, .failure(.offline))
                }
            }
        }
    }

    /// Returns once no answer to a central-system CALL is being produced or written.
    func answersWritten() async {
        while !answerOrder.isClear {
            await withCheckedContinuation { answerOrder.wait($0) }
        }
    }

    func resolveIfPending(_ id: MessageId, _ result: Outcome) {
        deadlines[id] = nil
        guard let entry = pending.removeValue(forKey: id) else { return }
        if case .failure(.timeout) = result { log("no answer to \(entry.action.rawValue) \(id) within \(settings.responseTimeout)") }
        entry.continuation.resume(returning: result)
    }

    // MARK: Commands

    /// Tells the link that messages were added to the store's queue.
    nonisolated func messagesQueued() {
        mailbox.post(.messagesQueued)
    }

    /// Starts or pauses the delivery of queued messages.
    nonisolated func setDelivery(enabled: Bool) {
        mailbox.post(.delivery(enabled))
    }

    /// Sets how often a queued message the central system refused is sent in all, and the wait
    /// unit between tries (the n-th retry waits n units).
    public nonisolated func setRetryPolicy(attempts: Int, interval: Duration) {
        mailbox.post(.retryPolicy(attempts: attempts, interval: interval))
    }

    /// Applies the station's commands posted since the last call, in the order they were given
    /// (the queue runner calls this before each step).
    func applyCommands() {
        for command in mailbox.take() {
            switch command {
            case .messagesQueued:
                enforceQueueLimit()
            case .delivery(let enabled):
                deliveryEnabled = enabled
            case .retryPolicy(let attempts, let interval):
                retryAttempts = max(1, attempts)
                retryInterval = interval
            }
        }
    }

    /// Keeps the queue within `settings.queueLimit`: the oldest MeterValues go first; a
    /// StartTransaction or StopTransaction (or a TransactionEvent) is never dropped (the queue may
    /// then exceed the bound).
    func enforceQueueLimit() {
        guard var count = try? store.queuedMessageCount(), count > settings.queueLimit else { return }
        var dropped = 0
        while count > settings.queueLimit, (try? store.removeOldestQueuedMessage(action: .meterValues)) == true {
            count -= 1
            dropped += 1
        }
        if dropped > 0 {
            log("transaction queue full (\(settings.queueLimit)): dropped the \(dropped) oldest MeterValues")
        }
        if count > settings.queueLimit {
            log("transaction queue holds \(count) messages, above its bound of \(settings.queueLimit): only StartTransaction and StopTransaction remain, and they are kept")
        }
    }
}

/// A command of the station to the link, applied in order.
enum LinkCommand: Sendable {
    /// Transaction messages were added to the store's queue.
    case messagesQueued
    /// Start or pause the delivery of queued transaction messages.
    case delivery(Bool)
    /// TransactionMessageAttempts and TransactionMessageRetryInterval.
    case retryPolicy(attempts: Int, interval: Duration)
}
