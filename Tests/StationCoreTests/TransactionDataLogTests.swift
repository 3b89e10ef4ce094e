// StopTransaction's transactionData as it is collected: everything while it fits, then the
// samples thinned evenly, the first and the end value always kept, within count and bytes.

import OCPP
import StationCore
import XCTest

final class TransactionDataLogTests: XCTestCase {
    let start = Timestamp(rfc3339: "2026-11-21T10:00:00Z")!

    /// A value `seconds` after the start, with `measurands` sampled values.
    func value(_ seconds: Int, _ context: ReadingContext, measurands: Int = 1) -> MeterValue {
        let sampled = (0..<measurands).map { index in
            SampledValue(value: String(1000 + seconds + index), context: context, measurand: .energyActiveImportRegister, location: .outlet, unit: .wh)
        }
        return MeterValue(timestamp: Timestamp(millisecondsSince1970: start.millisecondsSince1970 + Int64(seconds) * 1000), sampledValue: sampled)
    }

    /// A log of a transaction sampled every 20 s for `samples` samples, closed with its end value.
    func session(samples: Int, measurands: Int = 1, maximumValues: Int = Int(Int32.max), byteBudget: Int = TransactionDataLog.maximumBytes) -> (TransactionDataLog, Int) {
        var log = TransactionDataLog(byteBudget: byteBudget)
        log.record(value(0, .transactionBegin, measurands: measurands), context: .transactionBegin, maximumValues: maximumValues)
        for number in 1...samples {
            log.record(value(20 * number, .samplePeriodic, measurands: measurands), context: .samplePeriodic, maximumValues: maximumValues)
        }
        let endSecond = 20 * samples + 5
        log.record(value(endSecond, .transactionEnd, measurands: measurands), context: .transactionEnd, maximumValues: maximumValues)
        return (log, endSecond)
    }

    func seconds(_ values: [MeterValue]) -> [Int] {
        values.map { Int(($0.timestamp.millisecondsSince1970 - start.millisecondsSince1970) / 1000) }
    }

    func testEverythingIsKeptWhileItFits() {
        let (log, end) = session(samples: 15)
        let values = log.meterValues(maximumValues: Int(Int32.max))
        XCTAssertEqual(seconds(values), [0] + (1...15).map { 20 * $0 } + [end])
        XCTAssertEqual(values.first?.sampledValue.first?.context, .transactionBegin)
        XCTAssertEqual(values.last?.sampledValue.first?.context, .transactionEnd)
    }

    func testALongSessionIsThinnedEvenlyWithinTheByteBudget() {
        // Three days at 20 s: 12,960 samples of five values each, about 3.7 MB as JSON.
        let (log, end) = session(samples: 12_960, measurands: 5)
        let values = log.meterValues(maximumValues: Int(Int32.max))
        XCTAssertLessThanOrEqual(TransactionDataLog.encodedSize(of: values), TransactionDataLog.maximumBytes)
        XCTAssertGreaterThan(TransactionDataLog.encodedSize(of: values), TransactionDataLog.maximumBytes / 2, "the budget is used, not wasted")
        let times = seconds(values)
        XCTAssertEqual(times.first, 0)
        XCTAssertEqual(times.last, end)
        let gaps = Set(zip(times.dropFirst(), times.dropFirst(2)).map { $0.1 - $0.0 }.dropLast())
        XCTAssertEqual(gaps.count, 1, "kept samples are evenly spaced: \(gaps)")
        let gap = gaps.first!
        XCTAssertLessThanOrEqual(times[1], gap, "the start of the session is kept")
        XCTAssertLessThanOrEqual(end - times[times.count - 2], gap, "the end of the session is kept")
    }

    func testStopTransactionMaxMeterValuesBoundsTheCountTheSameWay() {
        let (log, end) = session(samples: 100)
        let values = log.meterValues(maximumValues: 10)
        XCTAssertLessThanOrEqual(values.count, 10)
        XCTAssertGreaterThanOrEqual(values.count, 6, "thinning halves at most once more than needed")
        let times = seconds(values)
        XCTAssertEqual(times.first, 0)
        XCTAssertEqual(times.last, end)
        XCTAssertEqual(Set(zip(times.dropFirst(), times.dropFirst(2)).map { $0.1 - $0.0 }.dropLast()).count, 1)
        XCTAssertEqual(seconds(log.meterValues(maximumValues: 2)), [0, end], "two values: Begin and End")
    }

    func testAnEmptyLogHasNoValues() {
        let log = TransactionDataLog()
        XCTAssertTrue(log.isEmpty)
        XCTAssertEqual(log.meterValues(maximumValues: 10), [])
        XCTAssertEqual(TransactionDataLog.encodedSize(of: []), 2, "[]")
    }
}
