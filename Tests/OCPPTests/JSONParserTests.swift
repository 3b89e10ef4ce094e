// The JSON parser accepts RFC 8259 JSON and nothing else.

import OCPP
import XCTest

final class JSONParserTests: XCTestCase {
    func testParsesValues() throws {
        XCTAssertEqual(try JSONParser.parse(#" [1, -2.5e3, "a", true, false, null, {"k": [ ]}] "#), .array([
            .number("1"), .number("-2.5e3"), .string("a"), .bool(true), .bool(false), .null, .object([("k", .array([]))]),
        ]))
    }

    func testDecodesEscapes() throws {
        XCTAssertEqual(try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#), .string("a\"b\\c/d\u{8}\u{c}\n\r\té😀"))
    }

    func testWriterEscapesWhatItMust() throws {
        let value = JSONValue.string("quote\" backslash\\ newline\n tab\t bell\u{7} é")
        let text = JSONWriter.string(value)
        XCTAssertEqual(text, #""quote\" backslash\\ newline\n tab\t bell\u0007 é""#)
        XCTAssertEqual(try JSONParser.parse(text), value)
    }

    func testRejectsMalformedText() {
        let bad = ["", " ", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
                   "\"unterminated", "\"bad \\x escape\"", "\"\\ud800\"", "\"\\udc00\"", "\"tab\there\"", "{\"a\":1,\"a\":2}",
                   "[1] [2]", "{1:2}", "NaN", "Infinity"]
        for text in bad {
            XCTAssertThrowsError(try JSONParser.parse(text), "accepted \(text)")
        }
    }

    func testRejectsInvalidUTF8() {
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]))
    }

    func testLimitsNestingDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try JSONParser.parse(deep))
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        XCTAssertNoThrow(try JSONParser.parse(fine))
    }

    func testObjectEqualityIgnoresMemberOrder() throws {
        XCTAssertEqual(try JSONParser.parse(#"{"a":1,"b":2.0}"#), try JSONParser.parse(#"{"b":2,"a":1}"#))
        XCTAssertNotEqual(try JSONParser.parse(#"{"a":1}"#), try JSONParser.parse(#"{"a":1,"b":2}"#))
    }
}
