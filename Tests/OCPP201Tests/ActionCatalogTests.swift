// The OCPP 2.0.1 action catalogue matches the schemas, and the generated payload files match
// what scripts/gen-ocpp201.py writes from them.

import Foundation
import OCPP201
import StationTesting
import XCTest

final class ActionCatalogTests: XCTestCase {
    func testEveryActionHasItsTwoSchemasAndNoSchemaIsLeftOver() throws {
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: TestSupport.schemaFolder.path).filter { $0.hasSuffix(".json") })
        let expected = Set(Action.allCases.flatMap { ["\($0.rawValue)Request.json", "\($0.rawValue)Response.json"] })
        XCTAssertEqual(files, expected)
    }

    func testInitiatorsAndFunctionalBlocks() {
        XCTAssertEqual(Action.allCases.filter { $0.initiator == .chargePoint }.count, 24)
        XCTAssertEqual(Action.allCases.filter { $0.initiator == .centralSystem }.count, 39)
        XCTAssertEqual(Action.allCases.filter { $0.initiator == .either }, [.dataTransfer])
        XCTAssertEqual(Set(Action.allCases.map(\.functionalBlock)), Set(FunctionalBlock.allCases))
        XCTAssertEqual(Action.transactionEvent.functionalBlock, .transactions)
        XCTAssertEqual(Action.getBaseReport.functionalBlock, .provisioning)
        XCTAssertEqual(Action.requestStartTransaction.initiator, .centralSystem)
    }

    func testGeneratedFilesAreUpToDateWithTheGenerator() throws {
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/gen-ocpp201.py").path
        let run = try TestProcess.run(TestSupport.python, arguments: [script, "--check"], input: "", timeout: .seconds(120))
        XCTAssertTrue(run.succeeded, run.lines.joined(separator: "\n"))
    }
}
