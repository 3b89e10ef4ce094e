// The board file of the MAXERO-200QC loads and wires every device; a wrong file is refused
// with the file, the key and what was expected.

import Foundation
import StationHAL
import StationLinux
import XCTest

final class BoardDescriptionTests: XCTestCase {
    private var boardPath: String { repositoryRoot.appendingPathComponent("hardware/boards/maxero-200qc.yaml").path }

    func testMaxeroBoardWiresBothConnectorsAndTheStationDevices() throws {
        let board = try BoardDescription.load(path: boardPath)
        XCTAssertEqual(board.connectors.map(\.id), [1, 2])
        XCTAssertEqual(board.stationMaximumPowerW, 200_000)
        XCTAssertEqual(board.emergencyStop, GPIOLineSpec(name: "ESTOP_LOOP", activeLow: true))
        XCTAssertEqual(board.rfidReader?.format, .rdm6300)
        XCTAssertEqual(board.rfidReader?.baudRate, 9600)
        for connector in board.connectors {
            XCTAssertTrue(connector.fixedCable)
            XCTAssertNotNil(connector.plugSense)
            XCTAssertNotNil(connector.contactor)
            XCTAssertNotNil(connector.powerModule.enable)
            XCTAssertEqual(connector.powerModule.maximumPowerW, 100_000)
            XCTAssertEqual(connector.meter?.address, UInt8(connector.id))
            let map = try MeterRegisterMap.load(path: "\(repositoryRoot.path)/hardware/boards/\(try XCTUnwrap(connector.meter).map)")
            XCTAssertEqual(map.name, "Eastron SDM630")
        }
        XCTAssertEqual(board.connectors[1].contactor, GPIOLineSpec(chip: "gpiochip2", offset: 9))
    }

    func testEveryMeterMapLoads() throws {
        let directory = repositoryRoot.appendingPathComponent("hardware/meters")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertGreaterThanOrEqual(files.count, 2)
        for file in files {
            let map = try MeterRegisterMap.load(path: directory.appendingPathComponent(file).path)
            XCTAssertFalse(map.name.isEmpty, file)
        }
    }

    func testWrongBoardFileNamesTheFileKeyAndExpectation() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("board-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bad = try String(contentsOfFile: boardPath, encoding: .utf8)
            .replacingOccurrences(of: "contactor: { chip: gpiochip2, offset: 9 }", with: "contactor: { chip: gpiochip2 }")
        try bad.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BoardDescription.load(path: path)) { error in
            guard let error = error as? ConfigurationFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.path, path)
            XCTAssertEqual(error.key, "connectors[1].contactor")
            XCTAssertTrue(error.problem.contains("offset"), error.problem)
        }
        try "name: X\nstationMaximumPowerW: many\nconnectors: []\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BoardDescription.load(path: path)) { error in
            XCTAssertEqual((error as? ConfigurationFileError)?.key, "stationMaximumPowerW")
        }
    }
}
