// Where the identity goes in the CSMS URL: appended as the last path segment, or in place of the
// `{chargePointId}` placeholder, percent-encoded either way.

import CentralSystem
import XCTest

final class CentralSystemEndpointTests: XCTestCase {
    func testTheIdentityIsAppendedWithoutAPlaceholder() throws {
        let plain = CentralSystemEndpoint(url: "ws://csms.example:9000/ocpp", chargePointId: "CP 1")
        XCTAssertEqual(try plain.target().path, "/ocpp/CP%201")
        XCTAssertEqual(plain.connectionURL, "ws://csms.example:9000/ocpp/CP%201")
        let slash = CentralSystemEndpoint(url: "ws://csms.example/ocpp/", chargePointId: "CP-1")
        XCTAssertEqual(try slash.target().path, "/ocpp/CP-1")
        XCTAssertEqual(slash.connectionURL, "ws://csms.example/ocpp/CP-1")
    }

    func testThePlaceholderTakesTheIdentityWhereTheURLSays() throws {
        let endpoint = CentralSystemEndpoint(url: "wss://csms.example/ocpp/{chargePointId}/", chargePointId: "CP/7", securityProfile: .tlsWithBasicAuthentication)
        let target = try endpoint.target()
        XCTAssertEqual(target.path, "/ocpp/CP%2F7/")
        XCTAssertEqual(target.host, "csms.example")
        XCTAssertEqual(target.port, 443)
        XCTAssertEqual(endpoint.connectionURL, "wss://csms.example/ocpp/CP%2F7/")
        let middle = CentralSystemEndpoint(url: "ws://h:1/{chargePointId}/ws", chargePointId: "A")
        XCTAssertEqual(try middle.target().path, "/A/ws")
    }

    func testThePlaceholderIsRefusedInTheHost() {
        let endpoint = CentralSystemEndpoint(url: "ws://{chargePointId}.csms.example/ocpp", chargePointId: "A")
        XCTAssertThrowsError(try endpoint.target()) { error in
            XCTAssertTrue("\(error)".contains("path"), "\(error)")
        }
    }
}
