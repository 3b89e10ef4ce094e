// The YAML reader gives the trees that the station's files mean (block and flow collections,
// quoting, comments), refuses what it does not support with the line, and decodes scalars as the
// asking type wants them; every shipped YAML file reads.

import Foundation
import StationLinux
import XCTest

final class YAMLReaderTests: XCTestCase {
    func testBlockAndFlowCollectionsCommentsAndQuotes() throws {
        let text = """
        # a comment
        name: MAXERO-200QC   # after a value
        url: ws://127.0.0.1:9000/ocpp
        quoted: "a # not a comment: \\"x\\" \\u00e9"
        single: 'it''s'
        flow: { name: ESTOP_LOOP, activeLow: true, url: ws://h:1/p }
        list: [rauc, install, "{image}"]
        empty:
        nested:
          deeper: 1
          items:
          - id: 1
            meter: { address: 1 }
          -   plain text with spaces (and brackets)
          -
            - inner
        ---after: x
        """
        let node = try YAMLReader.parse(text)
        XCTAssertEqual(node, .mapping([
            YAMLEntry("name", .plain("MAXERO-200QC")),
            YAMLEntry("url", .plain("ws://127.0.0.1:9000/ocpp")),
            YAMLEntry("quoted", .scalar(YAMLScalar("a # not a comment: \"x\" é", quoted: true))),
            YAMLEntry("single", .scalar(YAMLScalar("it's", quoted: true))),
            YAMLEntry("flow", .mapping([YAMLEntry("name", .plain("ESTOP_LOOP")), YAMLEntry("activeLow", .plain("true")), YAMLEntry("url", .plain("ws://h:1/p"))])),
            YAMLEntry("list", .sequence([.plain("rauc"), .plain("install"), .scalar(YAMLScalar("{image}", quoted: true))])),
            YAMLEntry("empty", .null),
            YAMLEntry("nested", .mapping([
                YAMLEntry("deeper", .plain("1")),
                YAMLEntry("items", .sequence([
                    .mapping([YAMLEntry("id", .plain("1")), YAMLEntry("meter", .mapping([YAMLEntry("address", .plain("1"))]))]),
                    .plain("plain text with spaces (and brackets)"),
                    .sequence([.plain("inner")]),
                ])),
            ])),
            YAMLEntry("---after", .plain("x")),
        ]))
    }

    func testAFlowCollectionMayGoOnOverLines() throws {
        XCTAssertEqual(try YAMLReader.parse("a: [1,\n  2, {b: c}]\nd: e\n"), .mapping([
            YAMLEntry("a", .sequence([.plain("1"), .plain("2"), .mapping([YAMLEntry("b", .plain("c"))])])),
            YAMLEntry("d", .plain("e")),
        ]))
    }

    func testUnsupportedOrBrokenYAMLNamesTheLine() {
        for (text, line) in [("a: 1\nb: |\n  x\n", 2), ("a: &x 1\n", 1), ("a: 1\n  b: 2\n", 2), ("a: 1\na: 2\n", 2), ("a: \"open\n", 1),
                             ("a: { b: 1\n", 1), ("a: b: c\n", 1), ("\ta: 1\n", 1), ("a:\n  - x\n  y: 1\n", 3)] {
            XCTAssertThrowsError(try YAMLReader.parse(text), text) { error in
                XCTAssertEqual((error as? YAMLSyntaxError)?.line, line, "\(text): \(error)")
            }
        }
    }

    private struct Sample: Decodable, Equatable {
        var count: Int
        var small: UInt8?
        var ratio: Double
        var flag: Bool
        var text: String
        var missing: String?
        var words: [String]
        var map: [String: String]
    }

    func testScalarsTakeTheTypeAskedFor() throws {
        let sample = try YAMLNodeDecoder().decode(Sample.self, from: """
        count: 0x10
        small: ~
        ratio: 1e3
        flag: Yes
        text: 3600
        words: [a, 'b c']
        map: { HeartbeatInterval: 60, Enabled: true }
        """)
        XCTAssertEqual(sample, Sample(count: 16, small: nil, ratio: 1000, flag: true, text: "3600", missing: nil, words: ["a", "b c"],
                                      map: ["HeartbeatInterval": "60", "Enabled": "true"]))
    }

    func testATypeMismatchNamesTheKeyPath() {
        XCTAssertThrowsError(try YAMLNodeDecoder().decode(Sample.self, from: "count: soon\n")) { error in
            guard case DecodingError.typeMismatch(_, let context)? = error as? DecodingError else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["count"])
            XCTAssertTrue(context.debugDescription.contains("integer"), context.debugDescription)
        }
        XCTAssertThrowsError(try YAMLNodeDecoder().decode(Sample.self, from: "count: 1\nsmall: 300\n")) { error in
            guard case DecodingError.typeMismatch(_, let context)? = error as? DecodingError else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["small"])
        }
        XCTAssertThrowsError(try YAMLNodeDecoder().decode(Sample.self, from: "count: 1\nsmall: 3\nratio: 1\nflag: \"true\"\n"))
    }

    func testEveryShippedYAMLFileReads() throws {
        var files: [String] = []
        for folder in ["configs", "hardware/boards", "hardware/meters"] {
            let directory = repositoryRoot.appendingPathComponent(folder)
            files += try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.map { directory.appendingPathComponent($0).path }
        }
        XCTAssertGreaterThanOrEqual(files.count, 8)
        for file in files {
            guard case .mapping(let entries) = try YAMLReader.parse(String(contentsOfFile: file, encoding: .utf8)) else { return XCTFail(file) }
            XCTAssertFalse(entries.isEmpty, file)
        }
    }
}
