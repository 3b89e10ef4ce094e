// An in-process central system for tests: accepts connections through its loopback transport,
// answers the station's CALLs as configured (boot status, tag statuses, transaction ids,
// CALLERRORs on demand), records every frame, and sends CSMS-initiated CALLs to the station.

public import CentralSystem
public import OCPP
import Synchronization

/// A CALL the double received from the station.
public struct ReceivedCall: Sendable {
    public let id: MessageId
    public let action: Action
    public let request: any OCPPRequest
    public let payload: JSONValue

    /// The request as its concrete type.
    public func request<R: OCPPRequest>(as type: R.Type) -> R? { request as? R }
}

/// A test central system. Safe to use from any isolation.
public actor CSMSDouble {
    /// The transport the station's client connects with.
    public nonisolated var transport: any FrameTransport { Transport(double: self) }

    /// BootNotification answer.
    public var bootStatus: BootNotification.RegistrationStatus = .accepted
    public var bootInterval = 20
    /// Status per idTag for Authorize and StartTransaction (tags not listed are Accepted).
    public var tags: [String: IdTagInfo] = [:]
    /// The next transactionId given out.
    public var nextTransactionId = 1000
    /// The central system's clock.
    public var now: @Sendable () -> Timestamp

    private(set) public var received: [ReceivedCall] = []
    /// What reached the double, in order: `call:<Action>` for a CALL, `answer:<id>` for an answer
    /// to one of its own CALLs, `connected` for a new connection, and `closed:<reason>`
    /// (`closed:normal`, `closed:goingAway`) when the station closed one.
    private(set) public var timeline: [String] = []
    private(set) public var connectionCount = 0
    private var online = true
    private var toStation: AsyncStream<String>.Continuation?
    private var generation = 0
    private var failures: [Action: Int] = [:]
    private var silences: [Action: Int] = [:]
    private var pending: [MessageId: CheckedContinuation<Result<JSONValue, CallError>, Never>] = [:]
    /// CALLs posted whose answer nobody awaits yet, and answers that came before they were awaited.
    private var posted: Set<MessageId> = []
    private var arrived: [MessageId: Result<JSONValue, CallError>] = [:]
    private var holdingAnswers = false
    private var heldAnswers: [CheckedContinuation<Void, Never>] = []
    private var ids = MessageIdGenerator()
    private let decoder = FrameDecoder(receiver: .centralSystem)

    /// A double whose clock is `now`.
    public init(now: @escaping @Sendable () -> Timestamp) {
        self.now = now
    }

    // MARK: Configuration

    public func setBoot(_ status: BootNotification.RegistrationStatus, interval: Int) {
        bootStatus = status
        bootInterval = interval
    }

    public func setTag(_ idTag: String, _ info: IdTagInfo) { tags[idTag] = info }

    /// Sets the central system's clock.
    public func setClock(_ now: @escaping @Sendable () -> Timestamp) { self.now = now }

    /// Answers the next `count` CALLs of `action` with a CALLERROR (InternalError).
    public func failNext(_ action: Action, times count: Int) { failures[action, default: 0] += count }

    /// Leaves the next `count` CALLs of `action` unanswered.
    public func ignoreNext(_ action: Action, times count: Int) { silences[action, default: 0] += count }

    /// Holds the station's answers to the double's CALLs on their way in, as a slow network
    /// would, until `releaseAnswers()`: the station's write of such an answer does not finish
    /// meanwhile, and the double records the answer only when released.
    public func holdAnswers() { holdingAnswers = true }

    /// The answers being held.
    public var heldAnswerCount: Int { heldAnswers.count }

    /// Lets the held answers (and those that follow) in.
    public func releaseAnswers() {
        holdingAnswers = false
        let held = heldAnswers
        heldAnswers = []
        for answer in held { answer.resume() }
    }

    /// Makes the double reachable or not; going offline closes the open connection.
    public func setOnline(_ reachable: Bool) {
        online = reachable
        if !reachable { dropConnection() }
    }

    /// Closes the open connection (the station reconnects after its backoff).
    public func dropConnection() {
        toStation?.finish()
        toStation = nil
        generation += 1
        let closed = CallError(id: "", code: .genericError, description: "connection closed")
        for continuation in pending.values { continuation.resume(returning: .failure(closed)) }
        pending = [:]
        for id in posted { arrived[id] = .failure(closed) }
        posted = []
        // Held answers of the closed connection are let go (and then dropped as stale).
        let held = heldAnswers
        heldAnswers = []
        for answer in held { answer.resume() }
    }

    // MARK: Observation

    /// The CALLs received of `action`, in order.
    public func calls(_ action: Action) -> [ReceivedCall] { received.filter { $0.action == action } }

    /// The typed requests received of type `R`, in order.
    public func requests<R: OCPPRequest>(_ type: R.Type) -> [R] { received.compactMap { $0.request as? R } }

    /// The actions received, in order.
    public var actions: [Action] { received.map(\.action) }

    /// Forgets what was received.
    public func clearReceived() {
        received = []
        timeline = []
    }

    public var isConnected: Bool { toStation != nil }

    // MARK: CSMS-initiated calls

    /// Sends `request` to the station and waits for the answer (a CALLERROR as failure).
    public func send<R: OCPPRequest>(_ request: R) async -> Result<R.Response, CallError> {
        guard let id = post(request) else { return .failure(CallError(id: "", code: .genericError, description: "station not connected")) }
        return await answer(to: id, as: R.self)
    }

    /// Puts a CALL on the wire to the station and returns at once with its id (nil when the
    /// station is not connected): `answer(to:as:)` awaits the answer. A test that must act while
    /// the answer is on its way posts, instead of sending from a task of its own.
    public func post<R: OCPPRequest>(_ request: R) -> MessageId? {
        guard let toStation else { return nil }
        let id = ids.next()
        posted.insert(id)
        toStation.yield(FrameEncoder.call(id: id, request: request))
        return id
    }

    /// The station's answer to the posted CALL `id`, decoded as `R`'s response.
    public func answer<R: OCPPRequest>(to id: MessageId, as request: R.Type) async -> Result<R.Response, CallError> {
        let answer: Result<JSONValue, CallError>
        if let early = arrived.removeValue(forKey: id) {
            answer = early
        } else {
            answer = await withCheckedContinuation { continuation in
                posted.remove(id)
                pending[id] = continuation
            }
        }
        switch answer {
        case .success(let payload):
            do {
                return .success(try R.Response.decodePayload(payload))
            } catch {
                return .failure(CallError(id: id, code: .formationViolation, description: "answer does not match its schema: \(error)"))
            }
        case .failure(let error):
            return .failure(error)
        }
    }

    /// Sends a raw frame to the station (for malformed-frame tests).
    public func sendRaw(_ text: String) { toStation?.yield(text) }

    // MARK: Connection

    fileprivate func open() throws(TransportError) -> LoopbackConnection {
        guard online else { throw TransportError("central system unreachable") }
        dropConnection()
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        toStation = continuation
        connectionCount += 1
        timeline.append("connected")
        let current = generation
        return LoopbackConnection(
            incoming: stream,
            deliver: { [weak self] text in await self?.receive(text, generation: current) ?? false },
            closer: { [weak self] reason in await self?.closeIfCurrent(current, reason: reason) }
        )
    }

    private func closeIfCurrent(_ connection: Int, reason: CloseReason) {
        guard connection == generation else { return }
        timeline.append("closed:\(reason)")
        dropConnection()
    }

    /// Hands an answer to whoever awaits it, or keeps it for a posted CALL not awaited yet.
    private func resolve(_ id: MessageId, _ answer: Result<JSONValue, CallError>) {
        if let waiting = pending.removeValue(forKey: id) {
            waiting.resume(returning: answer)
        } else if posted.remove(id) != nil {
            arrived[id] = answer
        }
    }

    private func receive(_ text: String, generation connection: Int) async -> Bool {
        if holdingAnswers, text.hasPrefix("[3") || text.hasPrefix("[4") {
            await withCheckedContinuation { heldAnswers.append($0) }
        }
        guard connection == generation, let toStation else { return false }
        switch decoder.decode(text) {
        case .call(let call):
            timeline.append("call:\(call.action.rawValue)")
            received.append(ReceivedCall(id: call.id, action: call.action, request: call.request, payload: (try? JSONParser.parse(text)).flatMap { if case .array(let e) = $0, e.count == 4 { e[3] } else { nil } } ?? .null))
            if let silent = silences[call.action], silent > 0 {
                silences[call.action] = silent - 1
                return true
            }
            if let failing = failures[call.action], failing > 0 {
                failures[call.action] = failing - 1
                toStation.yield(FrameEncoder.callError(CallError(id: call.id, code: .internalError, description: "injected failure")))
                return true
            }
            toStation.yield(reply(to: call))
        case .callResult(let result):
            timeline.append("answer:\(result.id.value)")
            resolve(result.id, .success(result.payload))
        case .callError(let error):
            timeline.append("answer:\(error.id.value)")
            resolve(error.id, .failure(error))
        case .reject(let error):
            toStation.yield(FrameEncoder.callError(error))
        case .invalidAnswer, .drop:
            break
        }
        return true
    }

    private func info(for idTag: IdToken) -> IdTagInfo { tags[idTag.value] ?? IdTagInfo(status: .accepted) }

    private func reply(to call: Call) -> String {
        let response: any OCPPPayload
        switch call.request {
        case is BootNotification.Request:
            response = BootNotification.Response(status: bootStatus, currentTime: now(), interval: bootInterval)
        case is Heartbeat.Request:
            response = Heartbeat.Response(currentTime: now())
        case let request as Authorize.Request:
            response = Authorize.Response(idTagInfo: info(for: request.idTag))
        case let request as StartTransaction.Request:
            response = StartTransaction.Response(idTagInfo: info(for: request.idTag), transactionId: nextTransactionId)
            nextTransactionId += 1
        case let request as StopTransaction.Request:
            response = StopTransaction.Response(idTagInfo: request.idTag.map(info(for:)))
        case is StatusNotification.Request:
            response = StatusNotification.Response()
        case is MeterValues.Request:
            response = MeterValues.Response()
        case is DataTransfer.Request:
            response = DataTransfer.Response(status: .accepted)
        case is SignCertificate.Request:
            response = SignCertificate.Response(status: .accepted)
        case is SignedFirmwareStatusNotification.Request:
            response = SignedFirmwareStatusNotification.Response()
        case is SecurityEventNotification.Request:
            response = SecurityEventNotification.Response()
        case is LogStatusNotification.Request:
            response = LogStatusNotification.Response()
        default:
            return FrameEncoder.callError(CallError(id: call.id, code: .notImplemented, description: "double does not answer \(call.action.rawValue)"))
        }
        return FrameEncoder.callResult(CallResult(id: call.id, payload: FrameEncoder.payload(response)))
    }

    private struct Transport: FrameTransport {
        let double: CSMSDouble
        func connect() async throws(TransportError) -> any FrameConnection {
            let result: Result<LoopbackConnection, TransportError> = await double.openResult()
            return try result.get()
        }
    }

    fileprivate func openResult() -> Result<LoopbackConnection, TransportError> {
        do throws(TransportError) {
            return .success(try open())
        } catch {
            return .failure(error)
        }
    }
}
