// Shared steps for station tests: start a harness, wait for the boot statuses, read the frames
// the CSMS double received.

import Foundation
import OCPP
import StationCore
import StationHAL
import StationSimulation
import StationTesting
import XCTest

class StationTestCase: XCTestCase {
    var harness: StationHarness!
    var csms: CSMSDouble { harness.csms }
    var hardware: SimulatedStation { harness.hardware }

    override func tearDown() async throws {
        await harness?.stop()
        harness = nil
    }

    /// Starts a station with `overrides` and waits until its boot statuses were sent.
    func startStation(
        _ overrides: [ConfigurationKey: String] = [:], profile: SimulatedStationProfile = .maxero200QC, store: (any StationStore)? = nil, files: FileServices? = nil
    ) async throws {
        harness = StationHarness(profile: profile, overrides: overrides, store: store, files: files)
        try await harness.start()
        try await expect("boot statuses") { await self.csms.calls(.statusNotification).count >= 3 }
        await csms.clearReceived()
    }

    /// Waits until `condition` holds; fails the test with `what` and the station log if it never does.
    func expect(_ what: String, file: StaticString = #filePath, line: UInt = #line, _ condition: () async -> Bool) async throws {
        let held = await harness.eventually(condition)
        if !held {
            let received = await csms.actions.map(\.rawValue)
            XCTFail("never happened: \(what)\nCSMS received: \(received)\nlog: \(harness.log.suffix(15).joined(separator: "\n"))", file: file, line: line)
            throw XCTSkip("stopped after a failed expectation")
        }
    }

    /// The statuses the CSMS received for `connectorId`, in order.
    func statuses(_ connectorId: Int) async -> [ChargePointStatus] {
        await csms.requests(StatusNotification.Request.self).filter { $0.connectorId == connectorId }.map(\.status)
    }

    /// Waits until `connectorId` was last reported as `status`.
    func expectStatus(_ connectorId: Int, _ status: ChargePointStatus, file: StaticString = #filePath, line: UInt = #line) async throws {
        try await expect("connector \(connectorId) reported \(status.rawValue)", file: file, line: line) {
            await self.statuses(connectorId).last == status
        }
    }

    /// Plugs and swipes `tag` at connector `connectorId` and waits for the transaction's start.
    func startTransaction(connectorId: Int = 1, tag: String = "TAG-1") async throws -> StartTransaction.Request {
        try hardware.plug(connector: connectorId)
        try hardware.presentCard(idTag: tag, connector: connectorId)
        try await expect("StartTransaction") {
            await self.csms.requests(StartTransaction.Request.self).contains { $0.connectorId == connectorId }
        }
        try await expectStatus(connectorId, .charging)
        return await csms.requests(StartTransaction.Request.self).last { $0.connectorId == connectorId }!
    }

    /// The path of an SQLite store file in a new temporary folder, removed after the test.
    func temporaryStorePath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("station-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder.appendingPathComponent("station.sqlite").path
    }

    func snapshot() async -> StationSnapshot { await harness.station.snapshot }

    /// The first request of type `R` the CSMS received.
    func first<R: OCPPRequest>(_ type: R.Type, file: StaticString = #filePath, line: UInt = #line) async throws -> R {
        let requests = await csms.requests(type)
        return try XCTUnwrap(requests.first, "no \(R.action.rawValue) received", file: file, line: line)
    }
}
