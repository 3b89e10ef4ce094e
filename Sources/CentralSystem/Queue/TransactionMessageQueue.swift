// The delivery of transaction messages (StartTransaction, StopTransaction, MeterValues of a
// transaction) from the store's persistent queue: in the order they were made, at least once,
// with OCPP 1.6 section 4.10 retries, and with the transactionId of the StartTransaction answer
// written into every later message of that transaction.

import OCPP
import StationCore

extension CentralSystemClient {
    /// Delivers queued messages while delivery is enabled and the link is up, until cancelled.
    func runQueue() async {
        while !Task.isCancelled {
            guard deliveryEnabled, connection != nil, let head = nextQueued() else {
                await waitForQueueSignal()
                continue
            }
            await deliver(head)
        }
    }

    private func nextQueued() -> QueuedMessage? {
        do {
            return try store.queuedMessages(limit: 1).first
        } catch {
            log("transaction queue unreadable: \(error)")
            return nil
        }
    }

    /// Sends one message and acts on the outcome.
    private func deliver(_ message: QueuedMessage) async {
        guard let payload = preparedPayload(message) else {
            log("\(message.action.rawValue) of transaction \(message.localTransactionId) dropped: its StartTransaction was never answered, so it has no transactionId")
            try? store.removeQueuedMessage(sequence: message.sequence)
            events?(.transactionMessageDropped(localTransactionId: message.localTransactionId, message.action))
            return
        }
        let result: Result<JSONValue, LinkError>
        do {
            result = .success(try await callRaw(message.action, payload))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let answer):
            delivered(message, answer: answer)
        case .failure(.callError(let error)):
            // A failure to process: retry up to TransactionMessageAttempts, waiting
            // TransactionMessageRetryInterval × (transmissions so far) before each retry.
            let transmissions = message.failedAttempts + 1
            if transmissions >= retryAttempts {
                log("\(message.action.rawValue) of transaction \(message.localTransactionId) dropped after \(transmissions) attempt(s): \(error.code.rawValue) \(error.description)")
                try? store.removeQueuedMessage(sequence: message.sequence)
                events?(.transactionMessageDropped(localTransactionId: message.localTransactionId, message.action))
                return
            }
            try? store.recordFailedAttempt(sequence: message.sequence)
            let wait = retryInterval * transmissions
            log("\(message.action.rawValue) of transaction \(message.localTransactionId) failed (\(error.code.rawValue)); retry \(transmissions + 1) of \(retryAttempts) in \(wait)")
            try? await clock.sleep(until: clock.now.advanced(by: wait), tolerance: nil)
        case .failure(.offline):
            // Not a failure to process: the message waits for the link.
            await waitForQueueSignal()
        case .failure(.timeout), .failure(.invalidResponse):
            // No usable answer: not a failure to process either; send it again after a pause.
            try? await clock.sleep(until: clock.now.advanced(by: settings.responseTimeout), tolerance: nil)
        }
    }

    /// The payload to send, with the transactionId from the StartTransaction answer; nil when that
    /// answer never came and never will (the StartTransaction was dropped).
    private func preparedPayload(_ message: QueuedMessage) -> JSONValue? {
        // StartTransaction and a SecurityEventNotification (queued for the same reliability)
        // carry no transactionId.
        guard message.action != .startTransaction, message.action != .securityEventNotification else { return message.payload }
        guard let transactionId = try? store.transactionId(ofLocal: message.localTransactionId) else { return nil }
        guard case .object(var members) = message.payload else { return message.payload }
        if let index = members.firstIndex(where: { $0.key == "transactionId" }) {
            members[index].value = .integer(transactionId)
        } else {
            members.append(("transactionId", .integer(transactionId)))
        }
        return .object(members)
    }

    private func delivered(_ message: QueuedMessage, answer: JSONValue) {
        switch message.action {
        case .startTransaction:
            do {
                let response = try StartTransaction.Response.decodePayload(answer)
                try store.setTransactionId(response.transactionId, ofLocal: message.localTransactionId)
                try store.removeQueuedMessage(sequence: message.sequence)
                events?(.startTransactionAnswered(localTransactionId: message.localTransactionId, response))
            } catch {
                log("StartTransaction answer unusable, will send again: \(error)")
            }
        case .stopTransaction:
            try? store.removeQueuedMessage(sequence: message.sequence)
            let idTag = message.payload["idTag"].flatMap { value -> IdToken? in
                if case .string(let text) = value { return try? IdToken(text) } else { return nil }
            }
            if let response = try? StopTransaction.Response.decodePayload(answer) {
                events?(.stopTransactionAnswered(localTransactionId: message.localTransactionId, idTag: idTag, response))
            }
        case .securityEventNotification:
            try? store.removeQueuedMessage(sequence: message.sequence)
            events?(.securityEventDelivered)
        default:
            try? store.removeQueuedMessage(sequence: message.sequence)
        }
    }

    // MARK: Wake-ups

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
