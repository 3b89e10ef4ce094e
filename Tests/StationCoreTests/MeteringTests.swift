// Meter values: sampled during a transaction every MeterValueSampleInterval, clock-aligned from
// midnight UTC every ClockAlignedDataInterval, and StopTransaction's transactionData.

import OCPP
import StationCore
import StationHAL
import StationTesting
import XCTest

final class MeteringTests: StationTestCase {
    func testSampledValuesDuringATransactionCarryTheTransactionIdAndRisingEnergy() async throws {
        try await startStation([.meterValueSampleInterval: "20", .clockAlignedDataInterval: "0",
                                .meterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import,SoC"])
        _ = try await startTransaction()
        try await expect("transaction id known") { await self.snapshot().connectors[0].transactionId == 1000 }
        await harness.advance(.seconds(60))
        try await expect("3 periodic MeterValues") {
            await self.csms.requests(MeterValues.Request.self).filter { $0.meterValue.first?.sampledValue.first?.context == .samplePeriodic }.count == 3
        }
        let periodic = await csms.requests(MeterValues.Request.self).filter { $0.meterValue.first?.sampledValue.first?.context == .samplePeriodic }
        XCTAssertTrue(periodic.allSatisfy { $0.transactionId == 1000 && $0.connectorId == 1 })
        let energies = periodic.compactMap { $0.meterValue[0].sampledValue.first { $0.measurand == .energyActiveImportRegister }.flatMap { Double($0.value) } }
        XCTAssertEqual(energies.count, 3)
        XCTAssertEqual(energies, energies.sorted())
        XCTAssertLessThan(energies[0], energies[2], "energy flows while charging")
        let units = periodic[0].meterValue[0].sampledValue.map(\.unit)
        XCTAssertEqual(units, [.wh, .w, .percent])
        let soc = periodic[0].meterValue[0].sampledValue.first { $0.measurand == .soc }
        XCTAssertEqual(soc?.location, .ev)
        let begin = await csms.requests(MeterValues.Request.self).first { $0.meterValue.first?.sampledValue.first?.context == .transactionBegin }
        XCTAssertNotNil(begin, "a Transaction.Begin sample opens the transaction's meter values")
    }

    func testNoSampledValuesWhenTheIntervalIsZero() async throws {
        try await startStation([.meterValueSampleInterval: "0", .clockAlignedDataInterval: "0"])
        _ = try await startTransaction()
        await harness.advance(.seconds(600))
        let count = await csms.calls(.meterValues).count
        XCTAssertEqual(count, 0)
    }

    func testClockAlignedValuesFallOnMultiplesOfTheIntervalFromMidnight() async throws {
        // The clock starts at 10:00:00Z; with 900 s the samples fall at 10:15, 10:30, 10:45.
        try await startStation([.meterValueSampleInterval: "0", .clockAlignedDataInterval: "900"])
        await harness.advance(.seconds(45 * 60))
        try await expect("aligned samples of both connectors") { await self.csms.calls(.meterValues).count == 6 }
        let values = await csms.requests(MeterValues.Request.self)
        XCTAssertTrue(values.allSatisfy { $0.transactionId == nil && $0.meterValue[0].sampledValue[0].context == .sampleClock })
        let times = Set(values.map { $0.meterValue[0].timestamp.rfc3339.dropFirst(11).prefix(5) })
        XCTAssertEqual(times, ["10:15", "10:30", "10:45"])
    }

    func testTheNextAlignedSampleIsComputedFromMidnightUTC() {
        let tenOClock = Timestamp(rfc3339: "2026-11-21T10:00:00Z")!
        XCTAssertEqual(MeterSampling.nextAlignedSample(after: tenOClock, interval: 900).rfc3339, "2026-11-21T10:15:00.000Z")
        XCTAssertEqual(MeterSampling.nextAlignedSample(after: tenOClock, interval: 10000).rfc3339, "2026-11-21T11:06:40.000Z")
        let late = Timestamp(rfc3339: "2026-11-21T22:13:20Z")!  // 80000 s after midnight
        XCTAssertEqual(MeterSampling.nextAlignedSample(after: late, interval: 10000).rfc3339, "2026-11-22T00:00:00.000Z")
    }

    /// Starts a transaction on connector 1, charges for 300 s and stops it with the same tag;
    /// returns the StopTransaction the CSMS received.
    func chargeFiveMinutesAndStop() async throws -> StopTransaction.Request {
        _ = try await startTransaction()
        await harness.advance(.seconds(300))
        try hardware.presentCard(idTag: "TAG-1", connector: nil)
        try await expect("StopTransaction") { await self.csms.calls(.stopTransaction).count == 1 }
        let stop = try await first(StopTransaction.Request.self)
        return stop
    }

    func testStopTransactionCarriesTransactionDataFromBeginToEnd() async throws {
        try await startStation([.meterValueSampleInterval: "60", .clockAlignedDataInterval: "0", .stopTxnSampledData: "Energy.Active.Import.Register"])
        let stop = try await chargeFiveMinutesAndStop()
        let data = try XCTUnwrap(stop.transactionData)
        XCTAssertEqual(data.first?.sampledValue.first?.context, .transactionBegin)
        XCTAssertEqual(data.last?.sampledValue.first?.context, .transactionEnd)
        XCTAssertEqual(data.count, 7, "Begin, five periodic samples, End")
        XCTAssertEqual(Double(data.last!.sampledValue[0].value).map { Int($0) }, stop.meterStop)
    }

    func testTransactionDataIsCappedByStopTransactionMaxMeterValuesThinningEvenly() async throws {
        try await startStation([.meterValueSampleInterval: "10", .clockAlignedDataInterval: "0", .stopTransactionMaxMeterValues: "4"])
        let stop = try await chargeFiveMinutesAndStop()
        let start = try await first(StartTransaction.Request.self)
        let data = try XCTUnwrap(stop.transactionData)
        XCTAssertLessThanOrEqual(data.count, 4)
        XCTAssertEqual(data.first?.sampledValue.first?.context, .transactionBegin)
        XCTAssertEqual(data.last?.sampledValue.first?.context, .transactionEnd)
        // The sample kept between them is from the middle of the transaction, not its last seconds.
        let middle = try XCTUnwrap(data.dropFirst().first)
        XCTAssertEqual(middle.sampledValue.first?.context, .samplePeriodic)
        XCTAssertEqual(middle.timestamp.millisecondsSince1970 - start.timestamp.millisecondsSince1970, 160_000)
    }

    func testALongSessionCarriesItsWholeSpanWithinTheByteBudget() async throws {
        // The MAXERO-200QC defaults: StopTransactionMaxMeterValues 2147483647, sampling every 20 s,
        // clock-aligned every 10000 s; five measurands in each sampled value.
        let measurands = "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC"
        try await startStation([.stopTxnSampledData: measurands, .stopTxnAlignedData: measurands])
        let start = try await startTransaction()
        await harness.advance(.seconds(12 * 3600))
        try hardware.presentCard(idTag: "TAG-1", connector: nil)
        try await expect("StopTransaction") { await self.csms.calls(.stopTransaction).count == 1 }
        let calls = await csms.calls(.stopTransaction)
        let call = try XCTUnwrap(calls.first)
        let stop = try XCTUnwrap(call.request(as: StopTransaction.Request.self))
        let data = try XCTUnwrap(stop.transactionData)

        let frame = FrameEncoder.call(id: call.id, action: .stopTransaction, payload: call.payload)
        XCTAssertLessThan(frame.utf8.count, 8192, "the whole StopTransaction frame stays below 8 KiB")
        XCTAssertLessThanOrEqual(TransactionDataLog.encodedSize(of: data), TransactionDataLog.maximumBytes)
        XCTAssertEqual(data.first?.sampledValue.first?.context, .transactionBegin)
        XCTAssertEqual(data.first?.timestamp, start.timestamp)
        XCTAssertEqual(data.last?.sampledValue.first?.context, .transactionEnd)
        XCTAssertEqual(data.last?.timestamp, stop.timestamp)
        // 2,160 periodic samples and 4 aligned ones were taken: those kept are spread evenly over
        // the twelve hours, with no larger gap at either end.
        let times = data.map(\.timestamp.millisecondsSince1970)
        XCTAssertGreaterThanOrEqual(times.count, 2 + 5)
        let middleGaps = zip(times.dropFirst(), times.dropFirst(2)).map { $0.1 - $0.0 }.dropLast()
        let widest = try XCTUnwrap(middleGaps.max())
        XCTAssertLessThanOrEqual(widest - middleGaps.min()!, 20_000, "evenly spaced, give or take one sample: \(middleGaps)")
        XCTAssertLessThanOrEqual(times[1] - times[0], widest, "the first hours are kept too")
        XCTAssertLessThanOrEqual(times[times.count - 1] - times[times.count - 2], widest, "the last hours are kept too")
        XCTAssertTrue(data.allSatisfy { $0.sampledValue.count == 5 })
    }

    func testMeterStartAndStopAreTheBeginAndEndSamplesOfTheSameReading() async throws {
        try await startStation([.meterValueSampleInterval: "0", .clockAlignedDataInterval: "0", .stopTxnSampledData: "Energy.Active.Import.Register"])
        let start = try await startTransaction()
        await harness.advance(.seconds(97))
        let raw = try await hardware.connectors[0].readMeter().energyActiveImportWh
        try hardware.presentCard(idTag: "TAG-1", connector: nil)
        try await expect("StopTransaction") { await self.csms.calls(.stopTransaction).count == 1 }
        let stop = try await first(StopTransaction.Request.self)
        let samples = try XCTUnwrap(stop.transactionData).flatMap(\.sampledValue).filter { ($0.measurand ?? .energyActiveImportRegister) == .energyActiveImportRegister }
        XCTAssertEqual(samples.filter { $0.context == .transactionBegin }.map(\.value), [String(start.meterStart)])
        XCTAssertEqual(samples.filter { $0.context == .transactionEnd }.map(\.value), [String(stop.meterStop)], "meterStop is the Transaction.End sample")
        XCTAssertEqual(stop.meterStop, Int(raw.rounded()), "rounded to the nearest Wh, from the register read at the stop (\(raw))")
    }

    func testATransactionBoundaryReadingIsRoundedToTheNearestWholeWattHour() {
        // The example: a register at 1110.6 Wh was meterStop 1110 with a sample "1110.6".
        let boundary = MeterSampling.transactionBoundary(MeterReading(energyActiveImportWh: 1110.6, powerActiveImportW: 50_000))
        XCTAssertEqual(MeterSampling.wattHours(boundary), 1111)
        let values = MeterSampling.sampledValues(boundary, measurands: [.energyActiveImportRegister, .powerActiveImport], context: .transactionEnd)
        XCTAssertEqual(values.map(\.value), ["1111", "50000"])
        XCTAssertEqual(MeterSampling.wattHours(MeterReading(energyActiveImportWh: 1110.4)), 1110)
    }

    func testValuesTheMeterCannotGiveAreLeftOut() {
        let reading = MeterReading(energyActiveImportWh: 1234.56, powerActiveImportW: 50_000)
        let values = MeterSampling.sampledValues(reading, measurands: [.energyActiveImportRegister, .voltage, .powerActiveImport, .soc], context: .samplePeriodic)
        XCTAssertEqual(values.map(\.measurand), [.energyActiveImportRegister, .powerActiveImport])
        XCTAssertEqual(values.map(\.value), ["1234.6", "50000"])
    }
}
