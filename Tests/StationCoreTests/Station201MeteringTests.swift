// Meter values of the 2.0.1 station in virtual time (functional block J): clock-aligned values
// on multiples of AlignedDataCtrlr.Interval from midnight UTC (MeterValues outside a transaction,
// an Updated event inside), SendDuringIdle, the measurands of the Started, periodic Updated and
// Ended events, the Ended event's collected values, and TriggerMessage(MeterValues).

import OCPP
import OCPP201
import StationCore
import StationTesting
import XCTest

final class Station201MeteringTests: XCTestCase {
    /// The rig's clock starts at 10:00:00 UTC, on an aligned instant.
    static let start: Int64 = 1_795_255_200_000

    func testAlignedValuesOutsideATransactionAreMeterValuesOnTheQuarterHour() async throws {
        let rig = Station201Rig()
        let (_, task) = await rig.boot()
        defer { task.cancel() }
        await rig.clock.advance(by: .seconds(899))
        XCTAssertEqual(rig.link.payloads(.meterValues), [])
        await rig.clock.advance(by: .seconds(1))
        let sent = rig.link.payloads(.meterValues)
        XCTAssertEqual(sent.map { $0["evseId"] }, [.integer(1), .integer(2)])
        let value = try XCTUnwrap(field(sent.first, "meterValue")?.arrayFirst)
        XCTAssertEqual(value["timestamp"], .string(Timestamp(millisecondsSince1970: Self.start + 900_000).rfc3339))
        let sample = try XCTUnwrap(field(value, "sampledValue")?.arrayFirst)
        XCTAssertEqual(sample["context"], .string("Sample.Clock"))
        XCTAssertEqual(sample["measurand"], .string("Energy.Active.Import.Register"))
        XCTAssertEqual(field(sample, "unitOfMeasure", "unit"), .string("Wh"))
        await rig.clock.advance(by: .seconds(900))
        XCTAssertEqual(rig.link.payloads(.meterValues).count, 4)
    }

    func testSetVariablesIntervalMovesTheAlignedInstantsAndZeroStopsThem() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try await station.set(.alignedDataCtrlr, "Interval", "300")
        await rig.clock.advance(by: .seconds(300))
        XCTAssertEqual(rig.link.payloads(.meterValues).count, 2)
        try await station.set(.alignedDataCtrlr, "Interval", "0")
        await rig.clock.advance(by: .seconds(3600))
        XCTAssertEqual(rig.link.payloads(.meterValues).count, 2)
    }

    func testAlignedValuesDuringATransactionAreAnUpdatedEventWithMeterValueClock() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try await station.set(.alignedDataCtrlr, "Measurands", "Energy.Active.Import.Register,Power.Active.Import,SoC")
        try await rig.startSession(connector: 1)
        await rig.clock.advance(by: .seconds(900))
        let clockEvents = rig.events().filter { $0["triggerReason"] == .string("MeterValueClock") }
        XCTAssertEqual(clockEvents.count, 1)
        let samples = try XCTUnwrap(field(clockEvents.first, "meterValue")?.arrayFirst?["sampledValue"])
        guard case .array(let values) = samples else { return XCTFail("sampledValue \(samples)") }
        XCTAssertEqual(values.map { $0["measurand"] }, [.string("Energy.Active.Import.Register"), .string("Power.Active.Import"), .string("SoC")])
        XCTAssertTrue(values.allSatisfy { $0["context"] == .string("Sample.Clock") })
        XCTAssertEqual(values.last?["location"], .string("EV"))
        // EVSE 2 has no transaction: its aligned values go in a MeterValues.
        XCTAssertEqual(rig.link.payloads(.meterValues).map { $0["evseId"] }, [.integer(2)])
    }

    func testSendDuringIdleSendsNoAlignedValuesWhileATransactionRuns() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try await station.set(.alignedDataCtrlr, "SendDuringIdle", "true")
        try await rig.startSession(connector: 1)
        await rig.clock.advance(by: .seconds(900))
        XCTAssertEqual(rig.link.payloads(.meterValues), [])
        XCTAssertFalse(rig.events().contains { $0["triggerReason"] == .string("MeterValueClock") })
    }

    func testStartedAndPeriodicEventsCarryTheirMeasurands() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try await station.set(.sampledDataCtrlr, "TxStartedMeasurands", "Energy.Active.Import.Register,SoC")
        try await rig.startSession(connector: 1)
        let started = try XCTUnwrap(rig.events().first)
        let begin = try XCTUnwrap(field(started, "meterValue")?.arrayFirst?["sampledValue"])
        guard case .array(let beginValues) = begin else { return XCTFail("\(begin)") }
        XCTAssertEqual(beginValues.map { $0["measurand"] }, [.string("Energy.Active.Import.Register"), .string("SoC")])
        XCTAssertTrue(beginValues.allSatisfy { $0["context"] == .string("Transaction.Begin") })
        await rig.clock.advance(by: .seconds(60))
        let periodic = try XCTUnwrap(rig.events().last)
        XCTAssertEqual(periodic["triggerReason"], .string("MeterValuePeriodic"))
        let sampled = try XCTUnwrap(field(periodic, "meterValue")?.arrayFirst?["sampledValue"])
        guard case .array(let values) = sampled else { return XCTFail("\(sampled)") }
        XCTAssertEqual(values.map { $0["measurand"] }, [.string("Energy.Active.Import.Register"), .string("Power.Active.Import")])
        XCTAssertTrue(values.allSatisfy { $0["context"] == .string("Sample.Periodic") })
        XCTAssertGreaterThan(number(values.last?["value"]) ?? 0, 0)
    }

    func testEndedEventCarriesBeginPeriodicClockAndEndValues() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try await station.set(.sampledDataCtrlr, "TxEndedInterval", "400")
        try await rig.startSession(connector: 1)
        // Periodic samples at 10:06:40 and 10:13:20, a clock-aligned one at 10:15.
        await rig.clock.advance(by: .seconds(1000))
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let ended = try XCTUnwrap(rig.events().last)
        XCTAssertEqual(ended["eventType"], .string("Ended"))
        guard case .array(let values)? = ended["meterValue"] else { return XCTFail("\(ended)") }
        let contexts = values.map { field($0, "sampledValue")?.arrayFirst?["context"] }
        XCTAssertEqual(contexts, [
            .string("Transaction.Begin"), .string("Sample.Periodic"), .string("Sample.Periodic"), .string("Sample.Clock"), .string("Transaction.End"),
        ])
        let energies = values.compactMap { number(field($0, "sampledValue")?.arrayFirst?["value"]) }
        XCTAssertEqual(energies.count, 5)
        XCTAssertEqual(energies, energies.sorted())
        XCTAssertGreaterThan(energies.last ?? 0, energies.first ?? 0)
    }

    func testSampledDataDisabledLeavesTheEventsWithoutValues() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try await station.set(.sampledDataCtrlr, "Enabled", "false")
        try await rig.startSession(connector: 1)
        await rig.clock.advance(by: .seconds(120))
        XCTAssertTrue(rig.events().allSatisfy { $0["meterValue"] == nil })
        XCTAssertFalse(rig.events().contains { $0["triggerReason"] == .string("MeterValuePeriodic") })
    }

    func testTriggerMessageMeterValuesIsAcceptedAndSendsTheAlignedMeasurands() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let answer = try await station.request(OCPP201.TriggerMessage.Request.self, #"{"requestedMessage":"MeterValues","evse":{"id":2}}"#)
        XCTAssertEqual(answer["status"], .string("Accepted"))
        await rig.clock.settle()
        let sent = rig.link.payloads(.meterValues)
        XCTAssertEqual(sent.map { $0["evseId"] }, [.integer(2)])
        XCTAssertEqual(field(sent.first, "meterValue")?.arrayFirst?["sampledValue"]?.arrayFirst?["context"], .string("Trigger"))
        let unknown = try await station.request(OCPP201.TriggerMessage.Request.self, #"{"requestedMessage":"MeterValues","evse":{"id":9}}"#)
        XCTAssertEqual(unknown["status"], .string("Rejected"))
    }
}

/// A JSON number as a Double (nil when `value` is not a number).
func number(_ value: JSONValue?) -> Double? {
    if case .number(let text)? = value { Double(text) } else { nil }
}

/// No transaction started where a test expected one.
struct NoTransaction: Error {
    var connector: Int
}

extension Station201Rig {
    /// Plugs connector `connector` and presents CARD-`connector`: a charging transaction runs.
    /// Returns its transactionId.
    @discardableResult
    func startSession(connector: Int) async throws -> String {
        try hardware.plug(connector: connector)
        try hardware.presentCard(idTag: "CARD-\(connector)", connector: connector)
        await clock.settle()
        let started = events().last { $0["eventType"] == .string("Started") && field($0, "evse", "id") == .integer(connector) }
        guard case .string(let id)? = field(started, "transactionInfo", "transactionId") else {
            throw NoTransaction(connector: connector)
        }
        return id
    }
}

extension Station201 {
    /// SetVariables of one variable, which must be Accepted.
    nonisolated func set(_ component: ComponentReference, _ name: String, _ value: String) async throws {
        let answer = try await request(OCPP201.SetVariables.Request.self, #"""
            {"setVariableData":[{"attributeValue":"\#(value)","component":{"name":"\#(component.name)"},"variable":{"name":"\#(name)"}}]}
            """#)
        XCTAssertEqual(field(answer, "setVariableResult")?.arrayFirst?["attributeStatus"], .string("Accepted"), "\(component.name).\(name)")
    }
}
