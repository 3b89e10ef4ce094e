// Local Auth List Management: SendLocalList Full and Differential with versions and length
// limits, GetLocalListVersion, precedence of the list over the cache, LocalListConflict, and the
// list surviving a reboot.

import OCPP
import StationCore
import StationHAL
import StationStorage
import StationTesting
import XCTest

final class LocalAuthListValueTests: XCTestCase {
    func entry(_ tag: String, _ status: AuthorizationStatus? = .accepted) -> SendLocalList.AuthorizationData {
        SendLocalList.AuthorizationData(idTag: try! IdToken(tag), idTagInfo: status.map { IdTagInfo(status: $0) })
    }

    func update(_ version: Int, _ type: SendLocalList.UpdateType, _ entries: [SendLocalList.AuthorizationData]?) -> SendLocalList.Request {
        SendLocalList.Request(listVersion: version, localAuthorizationList: entries, updateType: type)
    }

    func testUpdatesAndTheirAnswers() {
        // (update, expected status, expected tags afterwards, expected version afterwards)
        var list = LocalAuthList()
        XCTAssertEqual(list.reportedVersion, 0)
        let steps: [(SendLocalList.Request, SendLocalList.UpdateStatus, [String], Int)] = [
            (update(3, .full, [entry("A"), entry("B", .blocked)]), .accepted, ["A", "B"], 3),
            (update(4, .differential, [entry("C"), entry("A", nil)]), .accepted, ["B", "C"], 4),
            (update(4, .differential, [entry("D")]), .versionMismatch, ["B", "C"], 4),
            (update(2, .differential, [entry("D")]), .versionMismatch, ["B", "C"], 4),
            (update(5, .differential, [entry("D"), entry("d")]), .failed, ["B", "C"], 4),
            (update(5, .full, [entry("E", nil)]), .failed, ["B", "C"], 4),
            (update(5, .differential, [entry("E"), entry("F"), entry("G")]), .failed, ["B", "C"], 4),
            (update(5, .full, (1...4).map { entry("T\($0)") }), .failed, ["B", "C"], 4),
            (update(2, .full, [entry("Z")]), .accepted, ["Z"], 2),
            (update(6, .differential, [entry("z", .expired)]), .accepted, ["Z"], 6),
        ]
        for (index, (request, status, tags, version)) in steps.enumerated() {
            let (answer, _) = list.apply(request, maximumLength: 4, maximumUpdateLength: 3)
            XCTAssertEqual(answer, status, "step \(index)")
            XCTAssertEqual(list.count, tags.count, "step \(index)")
            for tag in tags { XCTAssertNotNil(list.info(for: try! IdToken(tag)), "step \(index): \(tag)") }
            XCTAssertEqual(list.version, version, "step \(index)")
        }
        XCTAssertEqual(list.info(for: "z")?.status, .expired, "identifiers compare case-insensitively")
    }

    func testAnEmptyListReportsVersionZeroAndTheListRoundTripsThroughJSON() throws {
        var list = LocalAuthList()
        _ = list.apply(update(7, .full, []), maximumLength: 10, maximumUpdateLength: 10)
        XCTAssertEqual(list.reportedVersion, 0, "GetLocalListVersion answers 0 for an empty list")
        _ = list.apply(update(8, .full, [SendLocalList.AuthorizationData(idTag: "P", idTagInfo: IdTagInfo(status: .accepted, parentIdTag: "FLEET"))]),
                       maximumLength: 10, maximumUpdateLength: 10)
        XCTAssertEqual(list.reportedVersion, 8)
        XCTAssertEqual(try LocalAuthList(json: list.json), list)
    }
}

final class LocalAuthListTests: StationTestCase {
    func send(_ version: Int, _ type: SendLocalList.UpdateType, _ entries: [(String, AuthorizationStatus)]) async throws -> SendLocalList.UpdateStatus {
        let list = entries.map { SendLocalList.AuthorizationData(idTag: try! IdToken($0.0), idTagInfo: IdTagInfo(status: $0.1, parentIdTag: "FLEET")) }
        return try await csms.send(SendLocalList.Request(listVersion: version, localAuthorizationList: list, updateType: type)).get().status
    }

    func listVersion() async throws -> Int {
        try await csms.send(GetLocalListVersion.Request()).get().listVersion
    }

    func testVersionsThroughTheStation() async throws {
        try await startStation([.sendLocalListMaxLength: "2"])
        var version = try await listVersion()
        XCTAssertEqual(version, 0)
        var status = try await send(1, .full, [("LIST-A", .accepted), ("LIST-B", .blocked)])
        XCTAssertEqual(status, .accepted)
        version = try await listVersion()
        XCTAssertEqual(version, 1)
        status = try await send(1, .differential, [("LIST-C", .accepted)])
        XCTAssertEqual(status, .versionMismatch)
        status = try await send(2, .differential, [("LIST-C", .accepted), ("LIST-D", .accepted), ("LIST-E", .accepted)])
        XCTAssertEqual(status, .failed, "more entries than SendLocalListMaxLength")
        version = try await listVersion()
        XCTAssertEqual(version, 1)
        let report = try await csms.send(GetConfiguration.Request(key: ["LocalAuthListEnabled", "LocalAuthListMaxLength", "SendLocalListMaxLength"])).get()
        XCTAssertEqual(report.configurationKey?.map(\.readonly), [false, true, true])
    }

    func testListedTagsAreAcceptedOfflineAndTheListWinsOverTheCache() async throws {
        try await startStation([.localAuthorizeOffline: "true", .authorizationCacheEnabled: "true"])
        // The cache learns that CARD is blocked; the list says it is accepted.
        await csms.setTag("CARD", IdTagInfo(status: .blocked))
        try hardware.presentCard(idTag: "CARD", connector: 1)
        try await expect("Authorize") { await self.csms.calls(.authorize).count == 1 }
        try await expect("cached as blocked") { (try? self.harness.store.cachedAuthorization("CARD"))??.status == .blocked }
        let status = try await send(1, .full, [("CARD", .accepted), ("BLOCKED-CARD", .blocked)])
        XCTAssertEqual(status, .accepted)

        await csms.setOnline(false)
        try await expect("offline") { await !self.snapshot().connected }
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "card", connector: 1)
        try await expect("the listed tag starts offline") { await self.snapshot().connectors[0].transactionRunning }
        try hardware.plug(connector: 2)
        try hardware.presentCard(idTag: "BLOCKED-CARD", connector: 2)
        try hardware.presentCard(idTag: "NOT-LISTED", connector: 2)
        await harness.settle()
        let second = await snapshot().connectors[1].transactionRunning
        XCTAssertFalse(second, "a blocked entry and an unknown tag are refused offline")
    }

    func testLocalPreAuthorizeStartsAListedTagWithoutAuthorize() async throws {
        try await startStation([.localPreAuthorize: "true"])
        _ = try await send(1, .full, [("QUICK", .accepted)])
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "QUICK", connector: 1)
        try await expect("StartTransaction") { await self.csms.calls(.startTransaction).count == 1 }
        let authorizations = await csms.calls(.authorize)
        XCTAssertTrue(authorizations.isEmpty)
    }

    func testAnAnswerThatContradictsTheListIsReportedAsLocalListConflict() async throws {
        try await startStation()
        _ = try await send(1, .full, [("STALE", .accepted)])
        await csms.setTag("STALE", IdTagInfo(status: .blocked))
        try hardware.presentCard(idTag: "STALE", connector: 1)
        try await expect("LocalListConflict reported") {
            await self.csms.requests(StatusNotification.Request.self).contains { $0.errorCode == .localListConflict }
        }
        let conflict = await csms.requests(StatusNotification.Request.self).first { $0.errorCode == .localListConflict }
        XCTAssertEqual(conflict?.connectorId, 1)
        XCTAssertEqual(conflict?.status, .available)
        try await expect("the error is cleared with the next status") {
            await self.csms.requests(StatusNotification.Request.self).last?.errorCode == .noError
        }
        let running = await snapshot().connectors[0].transactionRunning
        XCTAssertFalse(running, "the central system's answer decides")
    }

    func testTheListSurvivesAReboot() async throws {
        let path = try temporaryStorePath()
        try await startStation([.localAuthorizeOffline: "true"], store: try SQLiteStationStore(path: path))
        _ = try await send(9, .full, [("KEPT", .accepted)])
        await harness.cutPower()
        try await harness.start(store: try SQLiteStationStore(path: path))
        try await expect("rebooted") { await self.snapshot().registration == .accepted }
        let version = try await listVersion()
        XCTAssertEqual(version, 9)
        await csms.setOnline(false)
        try await expect("offline") { await !self.snapshot().connected }
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "KEPT", connector: 1)
        try await expect("the persisted entry authorizes offline") { await self.snapshot().connectors[0].transactionRunning }
    }
}
