// Every OCPP 2.0.1 message the provisioning service builds from the standard device model
// validates against its official schema (Python jsonschema, as the OCPP201 tests use it).

import Foundation
import OCPP201
import StationCore
import StationTesting
import XCTest
import enum OCPP.JSONValue
import enum OCPP.JSONWriter
import protocol OCPP.OCPPPayload
import struct OCPP.Timestamp

final class ProvisioningSchemaTests: XCTestCase {
    private let time = Timestamp(millisecondsSince1970: 1_795_256_130_123)

    private struct Verdict: Decodable {
        let schema: String
        let ok: Bool
        let errors: [String]
    }

    private func validate(_ items: [(schema: String, payload: any OCPPPayload)]) throws -> [Verdict] {
        let root = PythonScript.packageRoot
        let python = root.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { throw XCTSkip("run scripts/bootstrap for the schema validator") }
        var lines: [String] = []
        for item in items {
            let payload = FrameEncoder.payload(item.payload)
            lines.append(JSONWriter.string(.object([("schema", .string(item.schema)), ("payload", payload)])))
        }
        let input = lines.joined(separator: "\n") + "\n"
        let script = root.appendingPathComponent("Tests/Fixtures/validate_payloads.py").path
        let run = try TestProcess.run(python, arguments: [script, "ocpp201-schemas"], input: input, timeout: .seconds(120))
        XCTAssertTrue(run.succeeded)
        return try run.lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(Verdict.self, from: Data($0.utf8)) }
    }

    func testProvisioningMessagesFromTheStandardModelValidate() throws {
        var model = DeviceModel.standard(StationDeviceDescription(
            vendorName: "Maxero", model: "200QC", connectorsPerEVSE: [1, 1], evseMaximumPowerW: 100_000, supplyPhases: 3, connectorType: "cCCS2"
        ))
        var items: [(schema: String, payload: any OCPPPayload)] = []
        for base in [GetBaseReport.ReportBase.fullInventory, .configurationInventory, .summaryInventory] {
            let (response, reports) = ProvisioningService.answer(GetBaseReport.Request(requestId: 3, reportBase: base), model: model, generatedAt: time)
            items.append(("GetBaseReportResponse", response))
            items += reports.map { ("NotifyReportRequest", $0) }
        }
        let everything = model.variables.map {
            GetVariables.GetVariableData(component: $0.key.component.wire, variable: $0.key.variable.wire)
        }
        for chunk in stride(from: 0, to: everything.count, by: 50) {
            let request = GetVariables.Request(getVariableData: Array(everything[chunk..<min(chunk + 50, everything.count)]))
            guard case .response(let response) = ProvisioningService.answer(request, frameBytes: 1000, model: model) else { return XCTFail("refused") }
            items.append(("GetVariablesResponse", response))
        }
        let writes = SetVariables.Request(setVariableData: [
            SetVariables.SetVariableData(attributeValue: "90", component: ComponentReference.ocppCommCtrlr.wire, variable: VariableReference(name: "HeartbeatInterval").wire),
            SetVariables.SetVariableData(attributeValue: "x", component: ComponentReference.ocppCommCtrlr.wire, variable: VariableReference(name: "HeartbeatInterval").wire),
            SetVariables.SetVariableData(attributeValue: "2", component: ComponentReference.securityCtrlr.wire, variable: VariableReference(name: "SecurityProfile").wire),
        ])
        let (answer, _) = ProvisioningService.answer(writes, frameBytes: 500, model: &model)
        guard case .response(let setResponse) = answer else { return XCTFail("refused") }
        items.append(("SetVariablesResponse", setResponse))

        let verdicts = try validate(items)
        XCTAssertEqual(verdicts.count, items.count)
        for verdict in verdicts where !verdict.ok {
            XCTFail("\(verdict.schema): \(verdict.errors.joined(separator: "; "))")
        }
        XCTAssertGreaterThan(items.filter { $0.schema == "NotifyReportRequest" }.count, 0)
    }
}
