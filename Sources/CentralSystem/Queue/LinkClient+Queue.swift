// The delivery of queued messages from the store's persistent queue, for either OCPP version: in
// the order they were made, at least once, with the version's retries (1.6 section 4.10;
// 2.0.1 MessageAttempts), the payload prepared and the answer used by the version (`LinkVersion`).
// Drains at the speed of the link: rows are read a page at a time, and the answered MeterValues
// of a page are removed in one write.

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

extension LinkClient {
    /// Delivers queued messages while delivery is enabled and the link is up, until cancelled.
    func runQueue() async {
        while !Task.isCancelled {
            applyCommands()
            guard deliveryEnabled, connection != nil, let head = nextQueued() else {
                removeAnsweredMessages(durably: true)
                queuePage.clear()
                await mailbox.wait()
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
        guard let action = V.Action(rawValue: message.action.rawValue) else {
            // One queue table serves both versions: a row of the other version cannot go here.
            log("queued \(message.action.rawValue) is not a message of this OCPP version; dropped")
            try? store.removeQueuedMessage(sequence: message.sequence)
            queuePage.clear()
            return
        }
        switch V.prepare(message, action, store: store, transactionIds: &queuePage.transactionIds) {
        case .drop(let reason):
            log("\(message.action.rawValue) of transaction \(message.localTransactionId) dropped: \(reason)")
            try? store.removeQueuedMessage(sequence: message.sequence)
            queuePage.clear()
            if let event = V.dropped(message, action) { events?(event) }
        case .send(let payload):
            do {
                let answer = try await callRaw(action, payload)
                queuePage.advance()
                delivered(message, answer: answer)
            } catch {
                queuePage.clear()
                await failed(message, action, error)
            }
        }
    }

    /// Acts on a message that got no usable answer.
    private func failed(_ message: QueuedMessage, _ action: V.Action, _ failure: CallFailure<V.CallError>) async {
        switch failure {
        case .callError(let error):
            // A failure to process: retry up to TransactionMessageAttempts (2.0.1:
            // MessageAttempts), waiting the retry interval × (transmissions so far) before each.
            let transmissions = message.failedAttempts + 1
            let (code, description) = V.describe(error)
            if transmissions >= retryAttempts {
                log("\(message.action.rawValue) of transaction \(message.localTransactionId) dropped after \(transmissions) attempt(s): \(code) \(description)")
                try? store.removeQueuedMessage(sequence: message.sequence)
                if let event = V.dropped(message, action) { events?(event) }
                return
            }
            try? store.recordFailedAttempt(sequence: message.sequence)
            let wait = retryInterval * transmissions
            log("\(message.action.rawValue) of transaction \(message.localTransactionId) failed (\(code)); retry \(transmissions + 1) of \(retryAttempts) in \(wait)")
            try? await clock.sleep(until: clock.now.advanced(by: wait), tolerance: nil)
        case .offline:
            // Not a failure to process: the message waits for the link.
            await mailbox.wait()
        case .timeout, .invalidResponse:
            // No usable answer: not a failure to process either; send it again after a pause.
            try? await clock.sleep(until: clock.now.advanced(by: settings.responseTimeout), tolerance: nil)
        }
    }

    private func delivered(_ message: QueuedMessage, answer: JSONValue) {
        switch V.delivered(message, answer: answer, store: store, transactionIds: &queuePage.transactionIds, log: log) {
        case .removed(let event):
            if let event { events?(event) }
        case .removeLater:
            // Removed with the rest of the page, or before anything else goes or the queue waits.
            answeredAwaitingRemoval.append(message.sequence)
            answeredTransaction = message.localTransactionId
        case .sendAgain:
            queuePage.clear()
        }
    }
}
