// The OCPP-J 2.0.1 client: the same transports, reconnection with backoff, one CALL in flight
// (`CallSlot`) and response timeout as the 1.6 client, over the 2.0.1 frame codec; answers the
// CSMS's CALLs at once through the station, and delivers the persistent TransactionEvent queue
// in order, at least once. A second client beside the 1.6 one: the 1.6 client's queue and
// events are typed with 1.6 messages (see the README).

import OCPP
public import OCPP201
public import StationCore
public import StationHAL

/// The 2.0.1 link to one central system. `attach` the station, then `run()` it. Safe to use
/// from any isolation.
public actor CentralSystemClient201<C: StationClock>: CentralSystemLink201 {
    let transport: any FrameTransport
    let queue: TransactionEventQueue
    let clock: C
    let settings: ClientSettings
    let log: @Sendable (String) -> Void
    let traffic: @Sendable (_ sent: Bool, _ frame: String) -> Void
    var handler: (any RequestHandler201)?
    var events: (@Sendable (LinkEvent201) -> Void)?
    var connection: (any FrameConnection)?
    var ids = MessageIdGenerator()
    var pending: [MessageId: CheckedContinuation<Result<JSONValue, Link201Error>, Never>] = [:]
    var slot = CallSlot()
    let decoder = OCPP201.FrameDecoder(receiver: .chargePoint)
    var deliveryEnabled = false
    var retryAttempts = 3
    var retryInterval: Duration = .seconds(60)
    /// CALLERRORs received for the queue's head so far (the head is sent again until attempts run out).
    var headFailures = 0
    var queueWake: CheckedContinuation<Void, Never>?
    var queueSignalled = false
    /// Answers to CSMS CALLs being produced or written: a reboot waits for them.
    var answersInFlight = 0
    var answerWaiters: [CheckedContinuation<Void, Never>] = []
    var reconnectAtOnce = false
    /// What the station asked through the nonisolated port methods, applied in order (the same
    /// commands as the 1.6 client's).
    let commands = AsyncStream<LinkCommand>.makeStream()

    /// Creates the client over `transport` (offering subprotocol ocpp2.0.1).
    public init(
        transport: any FrameTransport, queue: TransactionEventQueue, clock: C, settings: ClientSettings = ClientSettings(),
        log: @escaping @Sendable (String) -> Void = { _ in }, traffic: @escaping @Sendable (Bool, String) -> Void = { _, _ in }
    ) {
        self.transport = transport
        self.queue = queue
        self.clock = clock
        self.settings = settings
        self.log = log
        self.traffic = traffic
    }

    /// Sets who answers the central system's CALLs and who hears about link events.
    public func attach(handler: any RequestHandler201, events: @escaping @Sendable (LinkEvent201) -> Void) {
        self.handler = handler
        self.events = events
        if connection != nil { events(.connected) }
    }

    /// Connects, reconnects with backoff, delivers queued TransactionEvents, until cancelled.
    public func run() async {
        let queueTask = StationTask.spawn { await self.runQueue() }
        let commandTask = StationTask.spawn { await self.runCommands() }
        var backoff = settings.initialBackoff
        while !Task.isCancelled {
            do {
                let opened = try await transport.connect()
                connection = opened
                backoff = settings.initialBackoff
                log("connected to the central system (OCPP 2.0.1)")
                events?(.connected)
                wakeQueue()
                await receive(from: opened)
                if Task.isCancelled { await opened.close(.goingAway) }
                connection = nil
                failPending()
                log("connection to the central system closed")
                events?(.disconnected)
            } catch {
                log("cannot connect to the central system: \(error); retrying in \(backoff)")
            }
            guard !Task.isCancelled else { break }
            if reconnectAtOnce {
                reconnectAtOnce = false
                continue
            }
            try? await clock.sleep(until: clock.now.advanced(by: backoff), tolerance: nil)
            backoff = min(backoff * 2, settings.maximumBackoff)
        }
        queueTask.cancel()
        commandTask.cancel()
        wakeQueue()
        await connection?.close()
        connection = nil
        failPending()
    }

    /// Closes the current connection.
    public func disconnect() async {
        await connection?.close()
    }

    /// For a Reset: waits until the answers to CSMS CALLs are written, then closes the connection
    /// (going away) and reconnects at once.
    public func reboot() async {
        await answersWritten()
        reconnectAtOnce = true
        deliveryEnabled = false
        await connection?.close(.goingAway)
    }

    private func receive(from opened: any FrameConnection) async {
        for await text in opened.incoming {
            traffic(false, text)
            switch decoder.decode(text) {
            case .call(let call):
                answersInFlight += 1
                let bytes = text.utf8.count
                StationTask.spawn { await self.answer(call, frameBytes: bytes, on: opened) }
            case .callResult(let result): resolve(result.id, .success(result.payload))
            case .callError(let error): resolve(error.id, .failure(.callError(error)))
            case .reject(let error): await send(OCPP201.FrameEncoder.callError(error), on: opened)
            case .invalidAnswer(let id, let reason): resolve(id, .failure(.invalidResponse(reason)))
            case .drop(let reason): log("frame dropped: \(reason)")
            }
        }
    }

    private func answer(_ call: OCPP201.Call, frameBytes: Int, on opened: any FrameConnection) async {
        let text: String
        if let handler {
            switch await handler.handle(call, frameBytes: frameBytes) {
            case .success(let payload): text = OCPP201.FrameEncoder.callResult(CallResult(id: call.id, payload: payload))
            case .failure(let error): text = OCPP201.FrameEncoder.callError(error)
            }
        } else {
            text = OCPP201.FrameEncoder.callError(OCPP201.CallError(id: call.id, code: .internalError, description: "station not ready"))
        }
        await send(text, on: opened)
        answersInFlight -= 1
        if answersInFlight == 0 {
            let waiting = answerWaiters
            answerWaiters = []
            for waiter in waiting { waiter.resume() }
        }
    }

    /// Returns once no answer to a CSMS CALL is being produced or written: a station CALL that
    /// the request caused (NotifyReport after GetBaseReport) goes out after the answer.
    func answersWritten() async {
        while answersInFlight > 0 {
            await withCheckedContinuation { answerWaiters.append($0) }
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

    private func resolve(_ id: MessageId, _ result: Result<JSONValue, Link201Error>) {
        pending.removeValue(forKey: id)?.resume(returning: result)
    }

    private func failPending() {
        let all = pending
        pending = [:]
        for continuation in all.values { continuation.resume(returning: .failure(.offline)) }
    }

    // MARK: CentralSystemLink201

    public nonisolated func call<R: OCPP201.OCPPRequest>(_ request: R) async throws(Link201Error) -> R.Response {
        let payload = try await callRaw(R.action, OCPP201.FrameEncoder.payload(request))
        do {
            return try R.Response.decodePayload(payload)
        } catch {
            log("\(R.action.rawValue) answer does not match its schema: \(error)")
            throw .invalidResponse(error.description)
        }
    }

    /// Sends a CALL with a ready payload, one in flight at a time, and waits for its answer.
    func callRaw(_ action: OCPP201.Action, _ payload: JSONValue) async throws(Link201Error) -> JSONValue {
        if !slot.take() {
            await withCheckedContinuation { slot.wait($0) }
        }
        let result = await sendAndWait(action, payload)
        slot.release()
        return try result.get()
    }

    private func sendAndWait(_ action: OCPP201.Action, _ payload: JSONValue) async -> Result<JSONValue, Link201Error> {
        await answersWritten()
        guard let opened = connection else { return .failure(.offline) }
        let id = ids.next()
        let text = OCPP201.FrameEncoder.call(id: id, action: action, payload: payload)
        let timeout = settings.responseTimeout
        return await withCheckedContinuation { continuation in
            pending[id] = continuation
            StationTask.spawn { [clock] in
                do {
                    try await opened.send(text)
                    self.traffic(true, text)
                } catch {
                    await self.resolve(id, .failure(.offline))
                    return
                }
                try? await clock.sleep(until: clock.now.advanced(by: timeout), tolerance: nil)
                await self.resolve(id, .failure(.timeout))
            }
        }
    }

    public nonisolated func transactionEventsQueued() {
        commands.continuation.yield(.messagesQueued)
    }

    public nonisolated func setTransactionEventDelivery(enabled: Bool) {
        commands.continuation.yield(.delivery(enabled))
    }

    public nonisolated func setRetryPolicy(attempts: Int, interval: Duration) {
        commands.continuation.yield(.retryPolicy(attempts: attempts, interval: interval))
    }

    /// Applies the station's commands in the order they were given, until cancelled.
    private func runCommands() async {
        for await command in commands.stream {
            switch command {
            case .messagesQueued:
                wakeQueue()
            case .delivery(let enabled):
                deliveryEnabled = enabled
                if enabled { wakeQueue() }
            case .retryPolicy(let attempts, let interval):
                retryAttempts = max(1, attempts)
                retryInterval = interval
            }
        }
    }

    // MARK: The TransactionEvent queue

    /// Sends the oldest queued TransactionEvent while delivery is enabled and the link is up;
    /// removes it once answered. A CALLERROR: sent again up to MessageAttempts in all, the n-th
    /// retry after n × MessageAttemptInterval, then dropped (logged) so that a bad event cannot
    /// block the queue. No answer: again after a pause.
    private func runQueue() async {
        while !Task.isCancelled {
            guard deliveryEnabled, connection != nil, let head = try? queue.head() else {
                await waitForQueueSignal()
                continue
            }
            do throws(Link201Error) {
                let answer = try await callRaw(.transactionEvent, head)
                headFailures = 0
                try? queue.removeHead(head)
                events?(.transactionEventAnswered(request: head, response: answer))
            } catch .callError(let error) {
                headFailures += 1
                guard headFailures < retryAttempts else {
                    log("TransactionEvent refused \(headFailures) time(s), last with \(error.code.rawValue) \(error.description); dropped")
                    headFailures = 0
                    try? queue.removeHead(head)
                    continue
                }
                log("TransactionEvent refused with \(error.code.rawValue); attempt \(headFailures + 1) of \(retryAttempts) in \(retryInterval * headFailures)")
                try? await clock.sleep(until: clock.now.advanced(by: retryInterval * headFailures), tolerance: nil)
            } catch .offline {
                await waitForQueueSignal()
            } catch {
                try? await clock.sleep(until: clock.now.advanced(by: settings.responseTimeout), tolerance: nil)
            }
        }
    }

    func wakeQueue() {
        if let waiting = queueWake {
            queueWake = nil
            waiting.resume()
        } else {
            queueSignalled = true
        }
    }

    private func waitForQueueSignal() async {
        if queueSignalled {
            queueSignalled = false
            return
        }
        await withCheckedContinuation { queueWake = $0 }
    }
}
