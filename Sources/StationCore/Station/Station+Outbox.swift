// The station's own CALLs that are not transaction messages (BootNotification, Heartbeat,
// StatusNotification, Authorize, MeterValues outside a transaction, DataTransfer), sent one after
// another in the order they were made, from a task that exists only while there is something to
// send (thousands of idle fleet stations keep no sender task); answers come back as inputs.

public import OCPP
import StationHAL

extension Station {
    /// A CALL waiting in the outbox.
    enum OutgoingCall: Sendable {
        case bootNotification(BootNotification.Request)
        case heartbeat
        case statusNotification(StatusNotification.Request, StatusReport)
        case authorize(IdToken, AuthorizePurpose)
        case meterValues(MeterValues.Request)
        case diagnosticsStatusNotification(DiagnosticsStatusNotification.Request)
        case firmwareStatusNotification(FirmwareStatusNotification.Request)
        case logStatusNotification(LogStatusNotification.Request)
        case dataTransfer(DataTransfer.Request, CheckedContinuation<Result<DataTransfer.Response, LinkError>, Never>)
        case signCertificate(SignCertificate.Request)
        case signedFirmwareStatusNotification(SignedFirmwareStatusNotification.Request)
    }

    /// The CALLs waiting and their sender. A value owned by the actor.
    struct Outbox {
        /// The CALLs not taken yet, oldest first.
        var calls: [OutgoingCall] = []
        /// The task sending them; nil while there is nothing to send.
        var sender: Task<Void, Never>?
        /// Whether CALLs are sent: from the start of `run()` to its end.
        var isOpen = false
        /// The executor `run()` began on, which the sender prefers (a test's virtual-time world).
        var executor: (any TaskExecutor)?
    }

    func enqueue(_ call: OutgoingCall) {
        outbox.calls.append(call)
        startOutboxSender()
    }

    /// Starts sending the outbox's CALLs, those waiting first (the station starts running).
    func openOutbox() {
        outbox.isOpen = true
        outbox.executor = StationTask.executor
        startOutboxSender()
    }

    /// Stops sending (the station stops): the CALL being sent is cancelled and the waiting ones
    /// are dropped, a DataTransfer's caller getting `offline` instead of no answer.
    func closeOutbox() {
        outbox.isOpen = false
        outbox.sender?.cancel()
        outbox.sender = nil
        let dropped = outbox.calls
        outbox.calls = []
        for case .dataTransfer(_, let continuation) in dropped {
            continuation.resume(returning: .failure(.offline))
        }
    }

    /// Starts the sender when there is something to send and none runs.
    private func startOutboxSender() {
        guard outbox.isOpen, outbox.sender == nil, !outbox.calls.isEmpty else { return }
        outbox.sender = StationTask.$executor.withValue(outbox.executor) {
            StationTask.spawn { await self.sendOutbox() }
        }
    }

    /// Sends the outbox's CALLs in order until none waits, then ends.
    private func sendOutbox() async {
        while let call = nextOutgoingCall() {
            await send(call)
        }
    }

    /// The next CALL to send; nil (the sender then ends) when none waits or the outbox closed.
    private func nextOutgoingCall() -> OutgoingCall? {
        guard outbox.isOpen, !outbox.calls.isEmpty else {
            outbox.sender = nil
            return nil
        }
        return outbox.calls.removeFirst()
    }

    private nonisolated func send(_ call: OutgoingCall) async {
        switch call {
        case .bootNotification(let request):
            let result: Result<BootNotification.Response, LinkError>
            do { result = .success(try await link.call(request)) } catch { result = .failure(error) }
            inputs.continuation.yield(.bootAnswered(result))
        case .heartbeat:
            if case .success(let response) = await outcome(Heartbeat.Request()) {
                _ = response
            }
        case .statusNotification(let request, let report):
            if case .success = await outcome(request) {
                inputs.continuation.yield(.statusAcknowledged(connectorId: request.connectorId, report))
            }
        case .authorize(let idTag, let purpose):
            let result: Result<Authorize.Response, LinkError>
            do { result = .success(try await link.call(Authorize.Request(idTag: idTag))) } catch { result = .failure(error) }
            if case .success = result { inputs.continuation.yield(.callSucceeded) }
            inputs.continuation.yield(.authorizeAnswered(idTag, purpose, result))
        case .meterValues(let request):
            _ = await outcome(request)
        case .diagnosticsStatusNotification(let request):
            _ = await outcome(request)
        case .logStatusNotification(let request):
            _ = await outcome(request)
        case .firmwareStatusNotification(let request):
            _ = await outcome(request)
            inputs.continuation.yield(.firmwareStatusSent)
        case .dataTransfer(let request, let continuation):
            let result: Result<DataTransfer.Response, LinkError>
            do { result = .success(try await link.call(request)) } catch { result = .failure(error) }
            if case .success = result { inputs.continuation.yield(.callSucceeded) }
            continuation.resume(returning: result)
        case .signCertificate(let request):
            if case .success(let response) = await outcome(request) {
                inputs.continuation.yield(.signCertificateAnswered(response))
            }
        case .signedFirmwareStatusNotification(let request):
            _ = await outcome(request)
            inputs.continuation.yield(.firmwareStatusSent)
        }
    }

    /// Sends `request`; a success restarts the heartbeat timer.
    private nonisolated func outcome<R: OCPPRequest>(_ request: R) async -> Result<R.Response, LinkError> {
        do {
            let response = try await link.call(request)
            inputs.continuation.yield(.callSucceeded)
            return .success(response)
        } catch {
            log("\(R.action.rawValue) not answered: \(error)")
            return .failure(error)
        }
    }

    /// Sends a DataTransfer to the central system and returns its answer (station-initiated
    /// DataTransfer; the control API and vendor features use it).
    public func sendDataTransfer(vendorId: CiString<255>, messageId: CiString<50>? = nil, data: String? = nil) async -> Result<DataTransfer.Response, LinkError> {
        guard registration.isAccepted else { return .failure(.offline) }
        let request = DataTransfer.Request(vendorId: vendorId, messageId: messageId, data: data)
        return await withCheckedContinuation { continuation in
            enqueue(.dataTransfer(request, continuation))
        }
    }
}
