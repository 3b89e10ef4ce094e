// The delivery of transaction messages (StartTransaction, StopTransaction, MeterValues of a
// transaction) from the store's persistent queue: in the order they were made, at least once,
// with OCPP 1.6 section 4.10 retries, and with the transactionId of the StartTransaction answer
// written into every later message of that transaction. Drains at the speed of the link: rows are
// read a page at a time, and the answered MeterValues of a page are removed in one write.

import OCPP
import StationCore

/// Queued messages read ahead of delivery, and the transactionIds already known. Owned by the
/// queue loop; the store stays the truth (anything but a delivered message clears the page).
struct QueuePage {
    /// How many rows one read brings.
    static let size = 64
    private(set) var messages: [QueuedMessage] = []
    private var position = 0
    /// transactionIds by local transaction id (one never changes once the CSMS gave it).
    var transactionIds: [Int64: Int] = [:]

    /// The next message of the page, or nil when the page is used up.
    var head: QueuedMessage? { position < messages.count ? messages[position] : nil }

    /// The head was delivered: the next message becomes the head.
    mutating func advance() { position += 1 }

    /// A page read from the store.
    mutating func load(_ rows: [QueuedMessage]) {
        messages = rows
        position = 0
    }

    /// Forgets the page and the ids (a retry, a drop, a pause): the next head is read from the
    /// store again.
    mutating func clear() {
        messages = []
        position = 0
        transactionIds = [:]
    }
}

extension CentralSystemClient {
    /// Delivers queued messages while delivery is enabled and the link is up, until cancelled.
    func runQueue() async {
        while !Task.isCancelled {
            guard deliveryEnabled, connection != nil, let head = nextQueued() else {
                removeAnsweredMessages(durably: true)
                queuePage.clear()
                await waitForQueueSignal()
                continue
            }
            await deliver(head)
        }
        removeAnsweredMessages(durably: true)
    }

    private func nextQueued() -> QueuedMessage? {
        if let head = queuePage.head { return head }
        removeAnsweredMessages(durably: false)
        do {
            // Rows read now must not include answered messages whose removal is still owed.
            let owed = Set(answeredAwaitingRemoval)
            queuePage.load(try store.queuedMessages(limit: QueuePage.size).filter { !owed.contains($0.sequence) })
        } catch {
            log("transaction queue unreadable: \(error)")
            queuePage.clear()
        }
        return queuePage.head
    }

    /// Removes the answered MeterValues whose removal was put off. `durably` waits for the disk;
    /// otherwise the last one stays owed, so that the durable removal that comes before anything
    /// else is sent always has a row to write, and its fsync makes the earlier removals durable too.
    func removeAnsweredMessages(durably: Bool) {
        guard durably ? !answeredAwaitingRemoval.isEmpty : answeredAwaitingRemoval.count > 1 else { return }
        let sequences = durably ? answeredAwaitingRemoval : Array(answeredAwaitingRemoval.dropLast())
        answeredAwaitingRemoval = durably ? [] : [answeredAwaitingRemoval.last!]
        do {
            try store.removeQueuedMessages(sequences: sequences, durably: durably)
        } catch {
            log("\(sequences.count) answered messages not removed from the queue (they will be sent again): \(error)")
        }
    }

    /// Sends one message and acts on the outcome.
    private func deliver(_ message: QueuedMessage) async {
        // Answered MeterValues are removed together: one write per page, not waiting for the disk,
        // instead of a write and an fsync per message, which cost more than the round trip. A
        // kill -9 before that write, or a power cut before the next one that waits for the disk,
        // sends them again (identical copies, in order: at least once, as OCPP 1.6 delivers
        // transaction messages). Before anything but the next MeterValues of the same transaction
        // goes, they are removed with a write that waits for the disk, so no copy ever follows
        // the transaction's StopTransaction, even after a power cut.
        if message.action != .meterValues || answeredTransaction != message.localTransactionId { removeAnsweredMessages(durably: true) }
        guard let action = Action(rawValue: message.action.rawValue) else {
            // The queue table is shared with OCPP 2.0.1: a row of the other version cannot go here.
            log("queued \(message.action.rawValue) is no OCPP 1.6 message; dropped")
            try? store.removeQueuedMessage(sequence: message.sequence)
            queuePage.clear()
            return
        }
        guard let payload = preparedPayload(message) else {
            log("\(message.action.rawValue) of transaction \(message.localTransactionId) dropped: its StartTransaction was never answered, so it has no transactionId")
            try? store.removeQueuedMessage(sequence: message.sequence)
            queuePage.clear()
            events?(.transactionMessageDropped(localTransactionId: message.localTransactionId, action))
            return
        }
        do {
            let answer = try await callRaw(action, payload)
            queuePage.advance()
            delivered(message, answer: answer)
        } catch {
            queuePage.clear()
            await failed(message, error)
        }
    }

    /// Acts on a message that got no usable answer.
    private func failed(_ message: QueuedMessage, _ failure: LinkError) async {
        switch failure {
        case .callError(let error):
            // A failure to process: retry up to TransactionMessageAttempts, waiting
            // TransactionMessageRetryInterval × (transmissions so far) before each retry.
            let transmissions = message.failedAttempts + 1
            if transmissions >= retryAttempts {
                log("\(message.action.rawValue) of transaction \(message.localTransactionId) dropped after \(transmissions) attempt(s): \(error.code.rawValue) \(error.description)")
                try? store.removeQueuedMessage(sequence: message.sequence)
                if let action = Action(rawValue: message.action.rawValue) {
                    events?(.transactionMessageDropped(localTransactionId: message.localTransactionId, action))
                }
                return
            }
            try? store.recordFailedAttempt(sequence: message.sequence)
            let wait = retryInterval * transmissions
            log("\(message.action.rawValue) of transaction \(message.localTransactionId) failed (\(error.code.rawValue)); retry \(transmissions + 1) of \(retryAttempts) in \(wait)")
            try? await clock.sleep(until: clock.now.advanced(by: wait), tolerance: nil)
        case .offline:
            // Not a failure to process: the message waits for the link.
            await waitForQueueSignal()
        case .timeout, .invalidResponse:
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
        let known = queuePage.transactionIds[message.localTransactionId]
        guard let transactionId = known ?? (try? store.transactionId(ofLocal: message.localTransactionId)) else { return nil }
        queuePage.transactionIds[message.localTransactionId] = transactionId
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
                queuePage.transactionIds[message.localTransactionId] = response.transactionId
                events?(.startTransactionAnswered(localTransactionId: message.localTransactionId, response))
            } catch {
                log("StartTransaction answer unusable, will send again: \(error)")
                queuePage.clear()
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
        case .meterValues:
            // Removed with the rest of the page, or before anything else goes or the queue waits.
            answeredAwaitingRemoval.append(message.sequence)
            answeredTransaction = message.localTransactionId
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
