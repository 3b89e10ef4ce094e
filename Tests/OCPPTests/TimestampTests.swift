// OCPP timestamps: written in UTC with milliseconds, read from any RFC 3339 form, and a text
// that is not a date-time is an error.

import OCPP
import StationTesting
import XCTest

final class TimestampTests: XCTestCase {
    func testEncodesUTCWithMilliseconds() {
        XCTAssertEqual(Timestamp(millisecondsSince1970: 1_795_256_130_123).rfc3339, "2026-11-21T10:15:30.123Z")
        XCTAssertEqual(Timestamp(millisecondsSince1970: 0).rfc3339, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp(millisecondsSince1970: -1).rfc3339, "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(Timestamp(millisecondsSince1970: 951_782_400_000).rfc3339, "2000-02-29T00:00:00.000Z")
    }

    func testParsesRFC3339Forms() {
        let expected: Int64 = 1_795_256_130_123
        XCTAssertEqual(Timestamp(rfc3339: "2026-11-21T10:15:30.123Z")?.millisecondsSince1970, expected)
        XCTAssertEqual(Timestamp(rfc3339: "2026-11-21T10:15:30.123456Z")?.millisecondsSince1970, expected)
        XCTAssertEqual(Timestamp(rfc3339: "2026-11-21t10:15:30.123z")?.millisecondsSince1970, expected)
        XCTAssertEqual(Timestamp(rfc3339: "2026-11-21T12:15:30.123+02:00")?.millisecondsSince1970, expected)
        XCTAssertEqual(Timestamp(rfc3339: "2026-11-21T04:45:30.123-05:30")?.millisecondsSince1970, expected)
        XCTAssertEqual(Timestamp(rfc3339: "2026-11-21T10:15:30Z")?.millisecondsSince1970, expected - 123)
        XCTAssertEqual(Timestamp(rfc3339: "2026-11-21T10:15:30.1Z")?.millisecondsSince1970, expected - 23)
        XCTAssertEqual(Timestamp(rfc3339: "2026-11-21 10:15:30Z")?.millisecondsSince1970, expected - 123)
    }

    func testRejectsTextsThatAreNotDateTimes() {
        for text in ["", "tomorrow", "2026-11-21", "2026-11-21T10:15:30", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                     "2026-11-21T24:00:00Z", "2026-11-21T10:60:00Z", "2026-11-21T10:15:30.Z", "2026-11-21T10:15:30+0200",
                     "2026-11-21T10:15:30Zjunk", "26-11-21T10:15:30Z", "2026-11-21T10:15:30+24:00"] {
            XCTAssertNil(Timestamp(rfc3339: text), text)
        }
        XCTAssertNotNil(Timestamp(rfc3339: "2024-02-29T00:00:00Z"))
    }

    func testDecodingAnInvalidTimestampIsAPropertyError() {
        XCTAssertThrowsError(try Heartbeat.Response.decodePayload(.object([("currentTime", .string("noon"))]))) { error in
            XCTAssertEqual((error as? PayloadError)?.callErrorCode, .propertyConstraintViolation)
            XCTAssertEqual((error as? PayloadError)?.path, "currentTime")
        }
    }

    func testRoundTripsAcrossCenturies() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<20_000 {
            let milliseconds = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &random)  // 1900...2200
            let timestamp = Timestamp(millisecondsSince1970: milliseconds)
            XCTAssertEqual(Timestamp(rfc3339: timestamp.rfc3339), timestamp, timestamp.rfc3339)
        }
    }
}
