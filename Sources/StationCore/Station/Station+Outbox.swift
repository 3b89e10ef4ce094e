// The station's own CALLs that are not transaction messages (BootNotification, Heartbeat,
// StatusNotification, Authorize, MeterValues outside a transaction, DataTransfer), sent one after
// another in the order they were made, from a task of their own; answers come back as inputs.

public import OCPP

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

    func enqueue(_ call: OutgoingCall) {
        outbox.continuation.yield(call)
    }

    /// Sends the outbox's CALLs in order until the station stops.
    func runOutbox() async {
        for await call in outbox.stream {
            await send(call)
        }
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
