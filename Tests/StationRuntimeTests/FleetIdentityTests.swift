// The fleet's ids and slices: id templates, shards that cover the id range exactly once, and the
// kind of each station number in a fleet file.

import Foundation
import StationRuntime
import XCTest

final class FleetIdentityTests: XCTestCase {
    func testIdTemplatePadsTheNumber() throws {
        XCTAssertEqual(try IdTemplate("SIM-{n:05}").id(42), "SIM-00042")
        XCTAssertEqual(try IdTemplate("SIM-{n:05}").id(1_234_567), "SIM-1234567")
        XCTAssertEqual(try IdTemplate("CP-{n}-X").id(7), "CP-7-X")
    }

    func testIdTemplateWithoutNumberOrWithBadFormatIsRefused() {
        XCTAssertThrowsError(try IdTemplate("SIM"))
        XCTAssertThrowsError(try IdTemplate("SIM-{n:x5}"))
        XCTAssertThrowsError(try IdTemplate("SIM-{n}-{n}"))
    }

    func testShardsCoverTheRangeExactlyOnce() throws {
        for total in [1, 7, 100, 10_001] {
            for count in [1, 2, 3, 8] {
                var seen: [Int] = []
                for index in 0..<count { seen += Array(Shard(index: index, count: count).numbers(first: 5, total: total)) }
                XCTAssertEqual(seen, Array(5..<(5 + total)), "total \(total), \(count) shards")
            }
        }
    }

    func testShardParsingNamesWhatIsExpected() throws {
        XCTAssertEqual(try Shard(parsing: "1/4"), Shard(index: 1, count: 4))
        XCTAssertThrowsError(try Shard(parsing: "4/4"))
        XCTAssertThrowsError(try Shard(parsing: "1-4"))
    }

    func testTheShippedFleetFileRepeatsItsKindsAlongTheNumbers() throws {
        let path = StationConfigurationTests.root.appendingPathComponent("configs/fleet.yaml").path
        let fleet = try FleetConfiguration.load(path: path)
        XCTAssertEqual(fleet.templates.map(\.name), ["maxero-200qc", "socket-outlet", "ac-wallbox"])
        XCTAssertEqual(fleet.templates[0].station.ocpp?["HeartbeatInterval"], "60")
        let kinds = (1...20).map { fleet.template(of: $0).name }
        XCTAssertEqual(kinds[0..<6].allSatisfy { $0 == "maxero-200qc" }, true)
        XCTAssertEqual(Array(kinds[6..<10]), ["socket-outlet", "socket-outlet", "ac-wallbox", "ac-wallbox"])
        XCTAssertEqual(kinds[10], "maxero-200qc")
        XCTAssertTrue(fleet.sessions.enabled)
    }

    func testAPlainStationFileIsAFleetOfItsKind() throws {
        let path = StationConfigurationTests.root.appendingPathComponent("configs/simulated.yaml").path
        let fleet = try FleetConfiguration.load(path: path)
        XCTAssertEqual(fleet.templates.count, 1)
        XCTAssertEqual(try IdTemplate(fleet.idTemplate).id(3), "MAXERO-SIM-1-3")
        XCTAssertEqual(fleet.store, .sqlite)
        XCTAssertFalse(fleet.sessions.enabled)
    }
}
