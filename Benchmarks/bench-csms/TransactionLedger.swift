// The benchmark CSMS's books for fleet runs: which stations booted (and when the last new one did),
// every StartTransaction matched against its StopTransaction, the meter values of each transaction
// checked for order, and the delay from a sample's timestamp to its arrival. Shared by all loops.

import Synchronization

/// What a fleet run delivered, counted across connections (a station that reconnects or restarts
/// keeps its transactions). Safe to use from any thread.
///
/// A StartTransaction sent again with the same payload by the same station (a station resends an
/// unanswered message after a restart: at-least-once delivery) gets the transaction id it got the
/// first time and is counted as a duplicate, not as a new transaction; so is a StopTransaction or
/// MeterValues that repeats the last one seen.
final class TransactionLedger: Sendable {
    /// One transaction as the CSMS saw it.
    struct Transaction {
        var station: String
        var stopped = false
        /// The newest meter value timestamp so far, in milliseconds since 1970.
        var lastSample: Int64 = .min
    }

    /// The counts, as the `ledger` command prints them.
    struct Counts {
        var stationsBooted = 0
        var lastNewBootNanoseconds: UInt64 = 0
        var starts = 0
        var duplicateStarts = 0
        var stops = 0
        var duplicateStops = 0
        var stopsOfUnknownTransactions = 0
        var meterValues = 0
        var meterValuesOutOfOrder = 0
        var meterValuesOfUnknownTransactions = 0
        var meterValuesAfterStop = 0
    }

    private struct Books {
        var booted: Set<String> = []
        var transactions: [Int: Transaction] = [:]
        /// Transaction ids by (station, StartTransaction payload), to answer a resent start alike.
        var startIds: [String: Int] = [:]
        var nextId = 1
        var counts = Counts()
    }

    private let books = Mutex(Books())
    /// Sample-to-arrival delays of MeterValues.
    let delays = DelayHistogram()

    /// A BootNotification of `station` arrived at `time` (monotonic ns).
    func boot(_ station: String, at time: UInt64) {
        books.withLock { books in
            if books.booted.insert(station).inserted {
                books.counts.stationsBooted += 1
                books.counts.lastNewBootNanoseconds = time
            }
        }
    }

    /// A StartTransaction of `station` with `payload` (its bytes as text); returns the id to answer.
    func start(_ station: String, payload: String) -> Int {
        books.withLock { books in
            let key = station + "\u{0}" + payload
            if let known = books.startIds[key] {
                books.counts.duplicateStarts += 1
                return known
            }
            let id = books.nextId
            books.nextId += 1
            books.startIds[key] = id
            books.transactions[id] = Transaction(station: station)
            books.counts.starts += 1
            return id
        }
    }

    /// A StopTransaction for `transactionId` arrived.
    func stop(_ transactionId: Int?) {
        books.withLock { books in
            guard let transactionId, books.transactions[transactionId] != nil else {
                books.counts.stopsOfUnknownTransactions += 1
                return
            }
            if books.transactions[transactionId]!.stopped {
                books.counts.duplicateStops += 1
            } else {
                books.transactions[transactionId]!.stopped = true
                books.counts.stops += 1
            }
        }
    }

    /// A MeterValues for `transactionId` with samples taken at `samples` (ms since 1970, in the
    /// message's order) arrived at `arrival` (ms since 1970, CLOCK_REALTIME).
    func meterValues(_ transactionId: Int?, samples: [Int64], arrival: Int64) {
        for sample in samples { delays.record(milliseconds: arrival - sample) }
        guard let transactionId else { return }  // a MeterValues outside a transaction
        books.withLock { books in
            books.counts.meterValues += 1
            guard var transaction = books.transactions[transactionId] else {
                books.counts.meterValuesOfUnknownTransactions += 1
                return
            }
            if transaction.stopped { books.counts.meterValuesAfterStop += 1 }
            for sample in samples {
                if sample < transaction.lastSample { books.counts.meterValuesOutOfOrder += 1 }
                transaction.lastSample = max(transaction.lastSample, sample)
            }
            books.transactions[transactionId] = transaction
        }
    }

    /// Forgets everything (between runs), delays included.
    func reset() {
        books.withLock { $0 = Books() }
        delays.reset()
    }

    /// The `ledger` command's JSON line.
    func line() -> String {
        let (counts, open, openStations) = books.withLock { books -> (Counts, Int, Int) in
            let open = books.transactions.values.filter { !$0.stopped }
            return (books.counts, open.count, Set(open.map(\.station)).count)
        }
        let fields: [(String, Any)] = [
            ("stationsBooted", counts.stationsBooted), ("lastNewBootNs", counts.lastNewBootNanoseconds), ("starts", counts.starts),
            ("duplicateStarts", counts.duplicateStarts), ("stops", counts.stops), ("matched", counts.stops), ("open", open),
            ("stationsWithOpen", openStations), ("duplicateStops", counts.duplicateStops),
            ("stopsOfUnknownTransactions", counts.stopsOfUnknownTransactions), ("meterValues", counts.meterValues),
            ("meterValuesOutOfOrder", counts.meterValuesOutOfOrder), ("meterValuesOfUnknownTransactions", counts.meterValuesOfUnknownTransactions),
            ("meterValuesAfterStop", counts.meterValuesAfterStop),
        ]
        let body = fields.map { #""\#($0.0)":\#($0.1)"# }.joined(separator: ",")
        return #"{"ledger":{\#(body),"delay":\#(delays.json())}}"#
    }
}
